/* @args: -q */
/* timestamp is taken once per firing; walltimestamp is read each time */
BEGIN
{
	t1 = timestamp;
	w1 = walltimestamp;
	t2 = timestamp;
	w2 = walltimestamp;
	printf("timestamp moved: %d\n", t2 != t1);
	printf("walltimestamp moved: %d\n", w2 > w1);
	exit(0);
}
