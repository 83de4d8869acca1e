/* @args: -q -c "@getpid 1234" */
syscall::getpid:entry
/pid == $target/
{
	@ = count();
}

syscall::getpid:return
/pid == $target/
{
	@calls["getpid", probename] = count();
	@errs = sum(errno != 0);
}
