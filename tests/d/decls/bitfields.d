/* @args: -q */
/* bit-fields: each starts on a byte of its own, sized to its bits; reads
   sign- or zero-extend by the declared type, stores keep only the low bits */
struct flags {
	int a : 3;
	unsigned int b : 5;
	long c : 40;
	unsigned long d : 33;
} f;

BEGIN
{
	f.a = 3;
	f.b = 31;
	f.c = -2;
	f.d = 0x1ffffffff;
	printf("%d %d %d %d\n", f.a, f.b, f.c, f.d);
	f.a = 4;
	f.b = 33;
	f.d = 0x300000001;
	printf("%d %d %d %d size %d\n", f.a, f.b, f.c, f.d, sizeof(f));
	exit(0);
}
