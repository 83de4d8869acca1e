/* @args: -q */
/* one clause commits three buffers: they print in the order committed */
#pragma D option nspec=3
BEGIN
{
	a = speculation();
	b = speculation();
	c = speculation();
}
BEGIN { speculate(a); printf("from a\n"); }
BEGIN { speculate(b); printf("from b\n"); }
BEGIN { speculate(c); printf("from c\n"); }
BEGIN
{
	commit(b);
	commit(c);
	commit(a);
}
BEGIN
{
	exit(0);
}
