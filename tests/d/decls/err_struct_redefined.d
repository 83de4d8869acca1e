/* @args: -xerrtags */
/* @status: 1 */
/* a script's struct is defined once; a forward declaration may come first */
struct point;

struct point {
	int x;
	int y;
};

struct point {
	long x;
};

BEGIN
{
	exit(0);
}
