/* @args: -q -x nspec=2 */
/* speculative buffers: held until commit() prints or discard() drops them */
BEGIN
{
	a = speculation();
	b = speculation();
	c = speculation();
	printf("ids %d %d %d\n", a, b, c);
}

BEGIN
{
	speculate(a);
	printf("kept: first\n");
}

BEGIN
{
	speculate(b);
	printf("dropped\n");
}

BEGIN
{
	speculate(a);
	printf("kept: second\n");
}

BEGIN
{
	printf("before commit\n");
}

BEGIN
{
	discard(b);
	commit(a);
}

BEGIN
{
	d = speculation();
	printf("after: %d\n", d);
	exit(0);
}
