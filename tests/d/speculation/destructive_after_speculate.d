/* @args: -xerrtags -w */
/* @status: 1 */
BEGIN
{
	speculate(1);
	raise(9);
}
