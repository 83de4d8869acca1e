/* @status: 1 */
/* with the fill policy END's records must fit in the buffer on their own */
#pragma D option bufpolicy=fill
#pragma D option bufsize=128
#pragma D option strsize=200
BEGIN
{
	exit(0);
}
END
{
	trace(execname);
}
