/* @args: -q */
/* D converts integer operands to the one of greater rank (width, then
   unsignedness) without C's promotion to int, and values print at the
   width of their type; ++ and -- declare an undeclared variable int64_t */
unsigned char uc;
signed char sc;
short sh;
unsigned short us;

BEGIN
{
	uc = 254; sc = 3;
	printf("%d %d\n", uc + sc, sc + uc);	/* unsigned char: 257 -> 1 */
	sh = -2; uc = 3;
	printf("%d\n", sh + uc);		/* short */
	us = 65535; sh = 2;
	printf("%d\n", us + sh);		/* unsigned short: 65537 -> 1 */
	printf("%d\n", uc + 1000);		/* int */
	trace(n++);
	trace(self->t--);
	trace(sizeof (n));
	printf("\n%d %d\n", 19 / -5, -19 % 5);
	exit(0);
}
