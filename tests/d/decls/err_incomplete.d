/* @args: -xerrtags */
/* @status: 1 */
/* a member of a struct type not yet defined */
struct outer {
	struct inner in;
};

BEGIN
{
	exit(0);
}
