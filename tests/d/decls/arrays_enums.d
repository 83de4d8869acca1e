/* @args: -q */
/* declared arrays (bounds checked), enums and typedefs, unions sharing
   their bytes, and trace() of a struct as a byte dump */
enum level { LOW, MID = 5, HIGH };
typedef enum level level_t;
int v[4];

union word {
	int i;
	unsigned char b[4];
} w;

struct pair {
	short a;
	char b;
} p;

BEGIN
{
	v[0] = LOW;
	v[1] = MID;
	v[HIGH - 4] = HIGH;
	i = 3;
	v[i] = v[1] + v[2];
	w.i = 0x01020304;
	printf("%d %d %d %d %d %d\n", v[0], v[1], v[2], v[3], sizeof(v), sizeof(level_t));
	printf("%x %x %d\n", w.b[0], w.b[3], sizeof(w));
	p.a = 0x4142;
	p.b = 'z';
	trace(p);
	exit(0);
}
