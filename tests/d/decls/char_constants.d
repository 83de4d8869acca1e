/* @args: -q */
/* character constants are ints; several characters pack high to low, and
   only C's own escapes are decoded (\' and \? keep their backslash) */
BEGIN
{
	printf("%d %d %d %d %d\n", sizeof('c'), 'a', 'ab', '\'', '\?');
	printf("%s|%d\n", "x\'y", sizeof("abc"));
	exit(0);
}
