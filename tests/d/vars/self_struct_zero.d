/* @args: -q */
/* storing 0 into a thread-local struct deletes it: it reads as zeros after */
struct pair { int a; int b; };
self struct pair p;

BEGIN
{
	self->p.a = 1;
	self->p.b = 2;
	printf("%d %d\n", self->p.a, self->p.b);
	self->p = 0;
	printf("%d %d\n", self->p.a, self->p.b);
	exit(0);
}
