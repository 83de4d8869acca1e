/* @status: 1 */
/* a ring buffer too small for one record is refused like any other */
#pragma D option bufpolicy=ring
#pragma D option bufsize=48

BEGIN
{
	exit(0);
}
