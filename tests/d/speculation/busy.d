/* @args: -q */
/* the only buffer was just committed and is still being drained: a busy
   failure, told apart from having no buffer at all */
BEGIN
{
	s = speculation();
}
BEGIN
{
	speculate(s);
	printf("speculated\n");
}
BEGIN
{
	commit(s);
}
BEGIN
{
	t = speculation();
	u = speculation();
}
BEGIN
{
	printf("s=%d t=%d\n", s, t);
	exit(0);
}
