/* @args: -xstrsize=1 */
/* @status: 1 */
/* a string must hold at least DTrace's two-byte NULL marker */
BEGIN
{
	exit(0);
}
