/* @args: -q -x scratchsize=64 */
/* run-time faults of alloca'd memory: each clause stops at its fault, ERROR
   fires with the fault code and the offending offset or size */
BEGIN { s = (char *)alloca(15); trace(s[-1]); }		/* before the bottom */
BEGIN { s = (char *)alloca(15); s[16] = 1; }		/* at the top */
BEGIN { i = (int *)alloca(6); trace(i[2]); }		/* past the (aligned) top */
BEGIN { s = (char *)alloca(16); trace(*(int *)(s + 14)); }	/* crosses the top */
BEGIN { trace(*s); }					/* allocated by another clause */
BEGIN { s = (char *)alloca(10); s = NULL; *s = 1; }	/* NULL */
BEGIN { n = 65; alloca(n); }				/* more than scratchsize */
BEGIN { bcopy("abc", alloca(4), -1); }			/* negative size */
BEGIN { d = alloca(8); bcopy("abcdefgh", d, 16); }	/* larger than the destination */
BEGIN { copyin(0x1234, 8); }				/* unmapped user address */
BEGIN { trace(copyinstr(0)); }				/* NULL string */
BEGIN { copyinto(0, 4, alloca(4)); }			/* NULL source */

ERROR
{
	printf("statement %d: fault %d value %x\n", arg2, arg4, arg5);
}

BEGIN
{
	exit(0);
}
