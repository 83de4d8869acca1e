/* @args: -xerrtags */
/* @status: 1 */
BEGIN
{
	clear(sum(1));
}
