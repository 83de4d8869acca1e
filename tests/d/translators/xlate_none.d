/* @args: -x errtags */
/* @status: 1 */
/* xlate needs a translator from the operand's type to the struct */
struct a { int x; };
struct b { int y; };

BEGIN
{
	trace(xlate <struct b *> (curthread)->y);
}
