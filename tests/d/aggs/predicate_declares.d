/* @args: -q */
/* a variable first seen in the predicate (++ makes it an int64_t) */
tick-1ms
/n++ < 4/
{
	@[n] = count();
}
tick-1ms
/n == 5/
{
	exit(0);
}
