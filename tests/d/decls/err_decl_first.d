/* @args: -xerrtags */
/* @status: 1 */
/* declarations are checked as they are read: the bad one wins over the
   later error in the clause */
struct a {
	struct b inner;
};

BEGIN
{
	(1) (2);
}
