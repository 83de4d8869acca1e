/* @args: -q */
/* thread-locals share dynvarsize: 15 bytes hold one 8-byte value, so the
   second store is a drop and abandons the clause */
#pragma D option dynvarsize=15
BEGIN
{
	self->first = 1;
	self->second = 2;
	self->third = 3;
}

BEGIN
{
	printf("%d %d %d\n", self->first, self->second, self->third);
	exit(0);
}
