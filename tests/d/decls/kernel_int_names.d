/* @args: -q */
/* the kernel's integer type names (__u8, u32, bool, ...) may declare members */
struct k {
	__u8 a;
	__s16 b;
	u32 c;
	bool d;
	__u64 e;
};
struct k v;

BEGIN
{
	v.a = 300; v.b = -2; v.c = 7; v.d = 1; v.e = 1 << 40;
	printf("%d %d %d %d %d %d %d\n", v.a, v.b, v.c, v.d, v.e, sizeof (struct k), (uint)-1);
	exit(0);
}
