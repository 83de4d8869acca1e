/* @args: -q -xdroptags */
/* @cpu: 0 */
/* aggsize bounds all aggregations together: @b finds no room after @a;
   trunc() gives @a's room back, so @b's later key fits */
#pragma D option strsize=256
#pragma D option aggsize=512
int n;

BEGIN
{
	@a["one"] = count();
	@b["two"] = count();
}

tick-100ms
/n == 0/
{
	trunc(@a);
}

tick-100ms
{
	n++;
}

tick-100ms
/n == 2/
{
	@b["three"] = count();
	exit(0);
}
