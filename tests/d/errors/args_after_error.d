/* @args: -q -c "@getpid 2" */
/* the ERROR probe has arguments of its own; the clauses after the one that
   faulted still see the faulting probe's */
syscall::getpid:entry
/pid == $target/
{
	self->args = arg0 + arg1 + arg2 + arg3 + arg4 + arg5;
}

syscall::getpid:entry
/pid == $target/
{
	trace(*(int *)0);
}

ERROR
{
	printf("ERROR arg4 %d\n", arg4);
}

syscall::getpid:entry
/pid == $target/
{
	printf("same arguments: %d\n",
	    self->args == arg0 + arg1 + arg2 + arg3 + arg4 + arg5);
}
