/* @args: -q */
/* elements of a declared array have addresses: pointers into it step by
   elements, and the difference of two counts elements, as in C */
int a[5];
int *p;
int *q;

BEGIN
{
	a[0] = 10; a[1] = 20; a[2] = 30; a[3] = 40;
	p = &a[0];
	q = &a[3];
	printf("%d %d %d\n", *p, *(p + 2), p[1]);
	printf("apart %d elements, %d bytes\n", q - p, (uint64_t)q - (uint64_t)p);
	exit(0);
}
