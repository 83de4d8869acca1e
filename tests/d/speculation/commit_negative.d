/* @args: -q */
/* a buffer id past nspec (-1 included) is an illegal operation */
BEGIN
{
	commit(-1);
}
ERROR
{
	printf("fault %d\n", arg4);
	exit(0);
}
