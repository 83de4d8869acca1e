/* @args: -q */
/* NULL on one side of ?: takes the pointer type of the other */
BEGIN
{
	p = 0 ? NULL : curthread;
	q = 1 ? NULL : curthread;
	printf("%d %d %d\n", p->pid == pid, q == NULL, sizeof(p));
	exit(0);
}
