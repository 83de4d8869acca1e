/* @args: -q -x dynvarsize=5 */
/* a thread-local variable has room for one element however small dynvarsize
   is; storing 0 uses none */
BEGIN
{
	self->a = 1;
	self->b = 0;
	printf("%d %d\n", self->a, self->b);
	exit(0);
}
