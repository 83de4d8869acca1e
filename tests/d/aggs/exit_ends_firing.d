/* @args: -q */
/* the clauses after the one that calls exit() do not run for that firing */
tick-1ms
/i++ == 3/
{
	exit(0);
}
tick-1ms
{
	@ = count();
}
