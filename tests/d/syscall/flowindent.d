/* @args: -F -c "@getpid 2" */
/* @env: _DTRACE_TESTING=1 */
/* -F: entries indent what follows and returns undo it; system calls use
   => and <=, other probes print "| func:name" */
syscall::getpid:entry,
syscall::getpid:return
/pid == $target/
{
	trace(probename);
}

syscall::getpid:entry
/pid == $target/
{
	trace("second clause, same call");
}
