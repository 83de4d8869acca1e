/* @args: -w */
/* @env: _DTRACE_TESTING=1 */
/* a clause of assignments only prints nothing; one with an action that
   records no data (raise with signal 0 checks nothing and sends nothing)
   still prints its probe line */
BEGIN
{
	x = 1;
}

BEGIN
{
	raise(0);
	x++;
}

BEGIN
{
	trace(x);
	exit(0);
}
