/* @args: -x errtags */
/* @status: 1 */
/* a body after a translator's output type defines that type again */
struct from { int a; };
struct to { int b; };

translator struct to
{
	struct from *f
}
{
	b = f->a;
};
