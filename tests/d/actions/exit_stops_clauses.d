/* @args: -q */
/* once a clause has called exit(), the probe's later clauses do not run */
BEGIN
{
	printf("first\n");
	exit(0);
}

BEGIN
{
	printf("not reached\n");
	exit(1);
}
