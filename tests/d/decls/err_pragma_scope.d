/* @args: -xerrtags */
/* @status: 1 */
/* built-in variables belong to DTrace, not to the program */
#pragma D attributes Stable/Stable/Common execname

BEGIN
{
	exit(0);
}
