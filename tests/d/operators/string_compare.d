/* @args: -q */
/* string comparison: whole words while they agree, then the byte that
   decides; NUL ends a string mid-word; bytes compare unsigned; many long
   comparisons in one clause stay within what the verifier accepts */
BEGIN
{
	long1 = "The quick brown fox jumps over the lazy dog; The quick brown fox jumps over the lazy dog; The quick brown fox jumps over the lazy dog; The quick brown fox jumps over the lazy dog; The quick brown fox jumps over the lazy dog; ";
	long2 = "The quick brown fox jumps over the lazy dog; The quick brown fox jumps over the lazy dog; The quick brown fox jumps over the lazy dog; The quick brown fox jumps over the lazy dog; The quick brown fox jumps over the lazy dog; !";
	long3 = "The quick brown fox jumps over the lazy dog; The quick brown fox jumps over the lazy dog; The quick brown fox jumps over the lazy dog; The quick brown fox jumps over the lazy dog; The quick brown fox jumps over the lazy dox";
	n = 0;
	n += long1 < long2 ? 1 : 0;
	n += long3 > long1 ? 1 : 0;
	n += long1 < long2 ? 1 : 0;
	n += long3 > long1 ? 1 : 0;
	n += long1 < long2 ? 1 : 0;
	n += long3 > long1 ? 1 : 0;
	n += long1 < long2 ? 1 : 0;
	n += long3 > long1 ? 1 : 0;
	n += long1 < long2 ? 1 : 0;
	n += long3 > long1 ? 1 : 0;
	n += long1 < long2 ? 1 : 0;
	n += long3 > long1 ? 1 : 0;
	n += long1 < long2 ? 1 : 0;
	n += long3 > long1 ? 1 : 0;
	n += long1 < long2 ? 1 : 0;
	n += long3 > long1 ? 1 : 0;
	n += long1 < long2 ? 1 : 0;
	n += long3 > long1 ? 1 : 0;
	n += long1 < long2 ? 1 : 0;
	n += long3 > long1 ? 1 : 0;
	n += long1 < long2 ? 1 : 0;
	n += long3 > long1 ? 1 : 0;
	n += long1 < long2 ? 1 : 0;
	n += long3 > long1 ? 1 : 0;
	printf("long: %d of 24\n", n);
	printf("%d %d %d\n", "abcdefgh" == "abcdefgh", "abcdefgh" < "abcdefgi", "abcdefghij" > "abcdefgh");
	printf("%d %d\n", "abc" < "abcdefghijk", "abcdefghijk" > "abcdefghijj");
	printf("%d %d\n", "abcdefg\xfa" > "abcdefg\x0a", "abcdefghijklmno\xfa" > "abcdefghijklmno!");
	x = "sixteen chars!!!";
	y = "sixteen chars!!!";
	printf("%d %d %d\n", x == y, x != y, x <= y);
	exit(0);
}
