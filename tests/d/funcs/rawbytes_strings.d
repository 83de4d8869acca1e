/* @args: -q -x rawbytes -x strsize=7 */
/* with rawbytes, trace() of a string shows its strsize + 1 bytes, zeros
   after the terminating NUL */
BEGIN
{
	trace(strjoin("abc", "defghijk"));
	trace(substr("hello", 3));
	exit(0);
}
