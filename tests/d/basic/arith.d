/* @args: -q */
/* integer arithmetic, C promotion and precedence */
BEGIN
{
	a = 7;
	b = -3;
	printf("%d %d %d %d %d\n", a + b, a - b, a * b, a / b, a % b);
	printf("%d %d %d\n", 1 + 2 * 3, (1 + 2) * 3, 10 - 4 - 3);
	printf("%d %d %d %d\n", 1 << 4, -16 >> 2, 0xf0 & 0x3c, 0xf0 | 0x0f);
	printf("%d %d %d\n", 0xf0 ^ 0xff, ~0, -a);
	printf("%u %d\n", (unsigned int)-1, (char)300);
	printf("%d %d %d %d %d %d\n", a < b, a > b, a <= 7, a >= 8, a == 7, a != 7);
	printf("%d %d %d %d\n", 1 && 0, 1 || 0, !a, 1 ^^ 1);
	printf("%d %d\n", a > b ? 100 : 200, a < b ? 100 : 200);
	c = 5;
	c += 3;
	c *= 2;
	c -= 1;
	c /= 3;
	c %= 4;
	c <<= 3;
	printf("%d %d %d\n", c, c++, ++c);
	printf("%d\n", sizeof (int) + sizeof (long));
	printf("%ld\n", 9223372036854775807 + 0);
	exit(0);
}
