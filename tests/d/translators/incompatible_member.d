/* @args: -x errtags */
/* @status: 1 */
/* a member's definition must be assignable to the member */
struct in { int a; };
struct out { char *name; };

translator struct out < struct in *p >
{
	name = p->a;
};
