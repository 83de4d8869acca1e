/* @args: -q */
/* @status: 3 */
/*
 * bufpolicy=ring: nothing prints until tracing stops, then only the newest
 * records that fit in bufsize: 100 bytes hold four 24-byte records (the last
 * two printf()s, exit()'s and END's).  exit()'s status is kept.
 */
#pragma D option bufpolicy=ring
#pragma D option bufsize=100

tick-1ms
/i < 50/
{
	printf("%d\n", i++);
}

tick-1ms
/i == 50/
{
	exit(3);
}

END
{
	printf("END\n");
}
