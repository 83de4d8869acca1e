/* @args: -q */
/* statusrate unset: exit() ends the run as soon as its record is read */

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
	printf("%s\n", timestamp - start < 900000000 ? "at once" : "too late");
}
