/* @args: -q */
/* @status: 5 */
/* END's records push exit()'s out of a ring buffer: its status still counts */
#pragma D option bufpolicy=ring
#pragma D option bufsize=72

BEGIN
{
	exit(5);
}

END { printf("one\n"); }
END { printf("two\n"); }
END { printf("three\n"); }
