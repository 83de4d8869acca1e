/* @args: -x errtags */
/* @status: 1 */
/* each member a translator defines must be a member of its output */
struct in { int a; };
struct out { int x; };

translator struct out < struct in *p >
{
	x = p->a;
	y = p->a;
};
