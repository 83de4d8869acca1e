/* @args: -xerrtags */
/* @status: 1 */
/* a declared array cannot be assigned as a whole */
int a[2];
int b[2];

BEGIN
{
	a = b;
}
