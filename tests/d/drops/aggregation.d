/* @args: -q -xdroptags */
/* @cpu: 0 */
/* room for one key of strsize bytes: the other three are dropped */
#pragma D option strsize=256
#pragma D option aggsize=512
BEGIN
{
	@["one"] = count();
	@["two"] = count();
	@["three"] = count();
	@["four"] = count();
	exit(0);
}
