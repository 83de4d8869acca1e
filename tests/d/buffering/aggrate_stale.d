/* @args: -q */
/*
 * With aggrate set, printa() prints the latest reading of the aggregation,
 * taken at most once per aggrate (an hour here): every tick prints the
 * reading taken after BEGIN.  When tracing stops the aggregations are read
 * afresh, so END's printa() shows every count.
 */
#pragma D option aggrate=1h

BEGIN
{
	@ = count();
}

tick-300ms
/n < 3/
{
	n++;
	@ = count();
	printa("%@d\n", @);
}

tick-300ms
/n == 3/
{
	exit(0);
}

END
{
	printa("END %@d\n", @);
}
