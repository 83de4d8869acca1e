/* @args: -q */
/* inline arrays: name[args] is the inline's expression with each
   parameter standing for its argument, converted to the parameter's type */
inline int square[int x] = x * x;
inline string pick[int i, string a, string b] = i ? a : b;
inline int low_byte[uint8_t v] = v;

BEGIN
{
	n = 7;
	printf("%d %d %s %s %d\n", square[n], square[n + 1], pick[1, "yes", "no"],
	    pick[0, "yes", "no"], low_byte[0x1234]);
	exit(0);
}
