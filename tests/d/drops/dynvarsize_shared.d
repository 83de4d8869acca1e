/* @args: -q */
/* thread-locals share dynvarsize, counted as DTrace counts them: 15 bytes
   hold three ints, so the fourth store is a drop */
#pragma D option dynvarsize=15
BEGIN
{
	self->first = 1;
	self->second = 2;
	self->third = 3;
	self->fourth = 4;
}

BEGIN
{
	printf("%d %d %d %d\n", self->first, self->second, self->third, self->fourth);
	self->second = 0;
	self->fourth = 4;
	printf("%d %d %d %d\n", self->first, self->second, self->third, self->fourth);
	exit(0);
}
