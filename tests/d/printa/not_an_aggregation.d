/* @args: -xerrtags */
/* @status: 1 */
BEGIN
{
	printa("%d %@d\n", 42);
}
