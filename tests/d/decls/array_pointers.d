/* @args: -q */
/* elements of declared arrays have addresses; pointer differences count
   elements; assigning a whole array is refused elsewhere */
int a[5];
int *x;
int *y;

BEGIN
{
	a[3] = 42;
	x = &a[1];
	y = &a[3];
	printf("%d %d\n", y - x, *y);
	exit(0);
}
