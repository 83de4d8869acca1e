/* @args: -xerrtags */
/* @status: 1 */
BEGIN
{
	@ = lquantize(1, 0, 10, 1, "lots");
}
