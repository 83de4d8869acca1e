/* @args: -q */
/* both buffers are active: no speculative buffer is available */
#pragma D option nspec=2
BEGIN
{
	a = speculation();
	b = speculation();
	c = speculation();
	printf("%d %d %d\n", a, b, c);
	exit(0);
}
