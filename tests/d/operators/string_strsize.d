/* @args: -q -x strsize=12 */
/* strings compare within strsize: what lies past it does not count */
BEGIN
{
	a = "0123456789abcdefXYZ";
	b = "0123456789abcdefABC";
	printf("%d %d\n", a == b, a > b);
	exit(0);
}
