/* @args: -xerrtags */
/* @status: 1 */
BEGIN
{
	timestamp += 1;
}
