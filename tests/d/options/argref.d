/* @args: -q -xargref */
/* @macros: 5 7 */
BEGIN
{
	trace($1);
	exit(0);
}
