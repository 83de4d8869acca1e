/* @args: -q */
/*
 * bufpolicy=fill: 200 bytes hold END's printf record (24 bytes in the ring)
 * and seven more; the eighth does not fit, so nothing more is recorded, its
 * clause does not run, and the run ends as if exit() had been called: END
 * runs and the aggregation prints, and dtrace exits 0.
 */
#pragma D option bufpolicy=fill
#pragma D option bufsize=200

tick-10ms
{
	printf("%d\n", i++);
	@records = count();
}

END
{
	printf("END after %d\n", i);
}
