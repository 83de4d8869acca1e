/* @args: -q */
/* BEGIN fires in dtrace itself: its kernel stack is empty, as in DTrace */
BEGIN
{
	@[stack()] = count();
	printa("%k|%@d\n", @);
	exit(0);
}
