/* @args: -x errtags */
/* @status: 1 */
/* a key of more members than DTrace's tuple registers hold is refused */
BEGIN
{
	a[0, 1, 2, 3, 4, 5, 6, 7, 8, 9] = 1;
}
