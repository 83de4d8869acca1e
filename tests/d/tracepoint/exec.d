/* @args: -q -c "@getpid 3" */
sdt:sched::sched_process_exec
/pid == $target/
{
	printf("sdt %s pid=%d old_pid_matches=%d\n", probename, arg1 == pid, arg2 == $target);
}

rawtp:sched::sched_process_exec
/pid == $target/
{
	printf("rawtp %s:%s old_pid_matches=%d\n", probeprov, probemod, arg1 == $target);
}

sdt:raw_syscalls::sys_enter
/pid == $target && arg0 == 39/
{
	@getpid = count();
}
