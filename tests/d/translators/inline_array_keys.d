/* @args: -x errtags */
/* @status: 1 */
/* an inline array takes as many subscripts as it has parameters */
inline int square[int x] = x * x;

BEGIN
{
	trace(square[1, 2]);
}
