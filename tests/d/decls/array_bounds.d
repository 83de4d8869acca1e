/* @args: -q */
/* an index outside a declared array faults at run time */
/* @status: 0 */
int a[3];

BEGIN
{
	i = 3;
	a[i] = 1;
	exit(1);
}

ERROR
{
	printf("fault %d index %d\n", arg4, arg5);
	exit(0);
}
