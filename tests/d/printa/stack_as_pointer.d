/* @args: -xerrtags */
/* @status: 1 */
BEGIN
{
	@[ustack()] = count();
	printa("%p %@d\n", @);
}
