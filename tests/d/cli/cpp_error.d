/* @args: -C */
/* @status: 1 */
/* cpp reports errors against /dev/stdin, where DTrace feeds it the script */
#if
BEGIN
{
	exit(0);
}
#endif
