/* @env: _DTRACE_TESTING=1 */
/*
 * A ring buffer printed at the end, with the heading and probe lines that
 * dtrace prints without -q: only trace()'s last two records fit in 72
 * bytes with exit()'s (24 bytes each in the ring).
 */
#pragma D option bufpolicy=ring
#pragma D option bufsize=72

tick-1ms
/i < 30/
{
	trace(i++);
}

tick-1ms
/i == 30/
{
	exit(0);
}
