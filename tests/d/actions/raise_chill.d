/* @args: -qw */
/* raise() with a signal the kernel does not know and a chill() longer than
   DTrace allows are illegal operations */
BEGIN
{
	raise(100000);
}

BEGIN
{
	chill(1000);
	chill(600000000);
}

ERROR
{
	printf("fault %d in statement %d\n", arg4, arg2);
}

BEGIN
{
	exit(0);
}
