/* @args: -q */
/* the second element does not fit: a drop, and the clause is abandoned */
#pragma D option strsize=256
#pragma D option dynvarsize=512
BEGIN
{
	a["one"] = 1;
	a["two"] = 2;
	printf("not reached\n");
}
BEGIN
{
	printf("%d\n", a["one"]);
	exit(0);
}
