/* @env: _DTRACE_TESTING=1 */
BEGIN
{
	printf("hello");
}

BEGIN
{
	trace(12);
	trace("str");
}

BEGIN
{
	exit(0);
}
