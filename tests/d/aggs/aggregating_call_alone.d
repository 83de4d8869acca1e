/* @args: -xerrtags */
/* @status: 1 */
BEGIN
{
	quantize(3);
}
