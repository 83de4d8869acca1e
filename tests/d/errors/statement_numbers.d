/* @args: -q */
/* run-time errors name the statement: each probe description of a clause
   is a statement of its own, numbered from 0 in the order of the program */
BEGIN, END
{
	n++;
}

tick-1s, BEGIN, profile-1s
/1 / (n - 1)/
{
	trace("not reached");
}

BEGIN
{
	exit(0);
}
