/* @args: -q */
/*
 * switchrate set: the buffer is read once per switchrate, the first time one
 * switchrate after tracing starts, so even BEGIN's exit() is read then.
 */
#pragma D option switchrate=1s

BEGIN
{
	start = timestamp;
	exit(0);
}

END
{
	printf("%s\n", timestamp - start > 900000000 ? "one switchrate later" : "too early");
}
