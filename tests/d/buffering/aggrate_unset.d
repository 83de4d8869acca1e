/* @args: -q */
/* aggrate unset (the default): printa() reads the aggregation as it is */

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
