/* @args: -q */
/* discard() first: the commit() that follows has nothing left to print */
BEGIN
{
	s = speculation();
}
BEGIN
{
	speculate(s);
	printf("speculative\n");
}
BEGIN
{
	discard(s);
	commit(s);
}
BEGIN
{
	printf("done\n");
	exit(0);
}
