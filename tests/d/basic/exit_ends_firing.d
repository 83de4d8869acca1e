/* @args: -q */
/* @status: 3 */
/* after exit() no later clause of the same firing runs, and the first
   exit() sets the status */
BEGIN
{
	printf("first\n");
}

BEGIN
{
	exit(3);
	printf("same clause still records\n");
}

BEGIN
{
	printf("not reached\n");
	exit(4);
}

END
{
	printf("end\n");
}
