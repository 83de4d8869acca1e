/* @args: -xerrtags */
/* @status: 1 */
/* a declared array is not a predicate value; DTrace notices at the '}' */
int a[4];

BEGIN
/a/
{
	exit(0);
}
