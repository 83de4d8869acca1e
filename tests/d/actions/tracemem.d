/* @args: -q */
/* tracemem() dumps bytes in hex and ASCII; a third argument shortens the
   dump when it is not negative and smaller than the recorded size */
BEGIN
{
	tracemem(&curthread->comm[0], 16);
	tracemem(&curthread->comm[0], 16, 3);
	tracemem(&curthread->comm[0], 16, 0);
	tracemem(&curthread->comm[0], 16, -1);
	tracemem(&curthread->comm[0], 16, 40);
	printf("\nend\n");
	exit(0);
}
