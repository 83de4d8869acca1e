/* @macros: 5 7 */
/* @status: 1 */
/* the last macro argument must be used (unless -x argref) */
BEGIN
{
	trace($1);
	exit(0);
}
