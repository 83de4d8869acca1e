/* @args: -q -xdroptags */
/* @cpu: 0 */
/* aggsize bounds all aggregations together: @b finds no room after @a;
   trunc() gives @a's room back, so @b's key a second later fits */
#pragma D option strsize=256
#pragma D option aggsize=512
BEGIN
{
	@a["one"] = count();
	@b["two"] = count();
	trunc(@a);
}

tick-1s
{
	@b["three"] = count();
	exit(0);
}
