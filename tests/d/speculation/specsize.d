/* @args: -q -xdroptags */
/* a speculation holds specsize bytes: the record of a 256-byte string does not fit */
#pragma D option specsize=64
BEGIN
{
	s = speculation();
}
BEGIN
{
	speculate(s);
	trace("too big for the buffer");
}
BEGIN
{
	commit(s);
}
BEGIN
{
	exit(0);
}
