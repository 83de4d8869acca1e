/* @args: -xerrtags */
/* @status: 1 */
BEGIN
{
	printa("%@d\n");
}
