/* @args: -q */
/* BEGIN and END fire in dtrace itself: like their stack(), their
   stackdepth and caller are empty */
BEGIN
{
	printf("%d %d\n", stackdepth, caller);
	exit(0);
}

END
{
	printf("%d %d\n", stackdepth, caller);
}
