/* @args: -xerrtags */
/* @status: 1 */
BEGIN
{
	@ = count();
	commit(1);
}
