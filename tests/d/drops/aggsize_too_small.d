/* @status: 1 */
#pragma D option aggsize=8
BEGIN
{
	@ = count();
	exit(0);
}
