/* @args: -x errtags */
/* @status: 1 */
/* a translator's output must be a struct or union */
struct in { int a; };

translator long < struct in *p >
{
};
