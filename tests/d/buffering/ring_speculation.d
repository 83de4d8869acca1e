/* @args: -q */
/*
 * Speculations under bufpolicy=ring: each commit() is read as it comes, so
 * the speculation buffer is free again for the next speculation(); what it
 * commits joins the ring like any record, and only the newest fit (100
 * bytes: the last committed and plain records, exit()'s).
 */
#pragma D option bufpolicy=ring
#pragma D option bufsize=100

int i;

tick-10ms
/i < 5/
{
	s = speculation();
	speculate(s);
	printf("speculated %d\n", i);
}

tick-10ms
/i < 5/
{
	printf("plain %d\n", i);
}

tick-10ms
/i < 5/
{
	commit(s);
	i++;
}

tick-10ms
/i == 5/
{
	exit(0);
}
