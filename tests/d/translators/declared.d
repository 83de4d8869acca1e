/* @args: -q */
/* translators that are well formed are accepted; the input name is theirs */
struct in { int a; char c; };
struct out { int x; char c; long sum; };
int p;

translator struct out < struct in *p >
{
	x = p->a;
	c = p->c;
	sum = p->a + p->c;
};

BEGIN
{
	p = 3;
	printf("p is still a global: %d\n", p);
	exit(0);
}
