/* @args: -q */
/* a fault abandons the clause, fires ERROR in the faulting thread with the
   fault's details, and dtrace reports it */
BEGIN
{
	x = 0;
	y = 1 / x;
	printf("not reached\n");
}

BEGIN
{
	p = (struct task_struct *)0x1000;
	trace(p->pid);
}

ERROR
{
	printf("ERROR probe=%d statement=%d pc>0=%d fault=%d addr=%x same thread=%d\n",
	    arg1, arg2, arg3 > 0, arg4, arg5, pid == $pid);
	n++;
}

ERROR
/n == 2/
{
	exit(0);
}
