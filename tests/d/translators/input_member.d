/* @args: -x errtags */
/* @status: 1 */
/* a member's definition is checked like any expression on the input */
struct in { int a; };
struct out { int x; };

translator struct out < struct in *p >
{
	x = p->b;
};
