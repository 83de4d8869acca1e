/* @args: -q */
/* speculating on no buffer (0, or one never handed out) abandons the clause */
BEGIN
{
	speculate(0);
	n++;
}
BEGIN
{
	speculate(1);
	n++;
}
BEGIN
{
	speculate(7);
	self->m++;
}
BEGIN
{
	printf("n = %d, m = %d\n", n, self->m);
	exit(0);
}
