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
	printf("n = %d\n", n);
	exit(0);
}
