/* @args: -xerrtags */
/* @status: 1 */
int n;
BEGIN
{
	trunc(n, 1);
}
