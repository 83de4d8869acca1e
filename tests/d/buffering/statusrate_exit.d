/* @args: -q */
/*
 * statusrate set: as in DTrace, exit() is noticed when status is next read,
 * so END fires about two seconds after tracing started, not at once.
 */
#pragma D option statusrate=2s

BEGIN
{
	start = timestamp;
}

tick-10ms
{
	exit(0);
}

END
{
	printf("%s\n", timestamp - start > 1000000000 ? "at the status read" : "too early");
}
