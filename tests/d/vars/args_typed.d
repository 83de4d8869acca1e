/* @args: -qw */
/* args[] are the probe's arguments with the types its provider gives them:
   write(2)'s are an int, a pointer and a size_t, the same values as argN */
BEGIN
{
	system("echo something > /dev/null");
}

syscall::write:entry
/args[2] == 10/
{
	printf("fd %d, same as arg0: %d, buffer is arg1: %d, count %d\n", args[0],
	    args[0] == arg0, (uint64_t)args[1] == arg1, args[2]);
	exit(0);
}

/* a later clause for other probes: args[] above keeps its own probe's types */
BEGIN
{
	started = 1;
}
