/* @args: -q */
/* lltostr() in decimal (signed) and other bases (unsigned, 0 and 0x prefixes) */
BEGIN
{
	printf("%s\n", lltostr(0));
	printf("%s\n", lltostr(1));
	printf("%s\n", lltostr(-1));
	printf("%s\n", lltostr(123456789));
	printf("%s\n", lltostr(-123456789));
	printf("%s\n", lltostr(1LL << 62));
	printf("%s\n", lltostr(-(1LL << 62)));
	printf("%s\n", lltostr(0x7ffffffffffffffe));
	printf("%s\n", lltostr(0x7fffffffffffffff));
	printf("%s\n", lltostr(0x8000000000000000));
	printf("%s\n", lltostr(0x8000000000000001));
	printf("%s\n", lltostr(255, 16));
	printf("%s\n", lltostr(0, 16));
	printf("%s\n", lltostr(8, 8));
	printf("%s\n", lltostr(0, 8));
	printf("%s\n", lltostr(5, 2));
	printf("%s\n", lltostr(0, 2));
	printf("%s\n", lltostr(-1, 16));
	printf("%s\n", lltostr(-1, 2));
	printf("%s\n", lltostr(35, 36));
	printf("%s\n", lltostr(-10, 10));
	printf("%s\n", lltostr(123, 10));
	x = -9223372036854775807 - 1; printf("%s\n", lltostr(x));
	exit(0);
}
