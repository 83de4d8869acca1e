/* @args: -q -c "@getpid 3" */
/* curpsinfo and curlwpsinfo: the D library's translators from the kernel's
   task_struct, used a member at a time */
syscall::getpid:entry
/curpsinfo->pr_pid == $target/
{
	printf("%s pid ok %d, ppid ok %d, lwp ok %d, uid ok %d, name %s\n",
	    curpsinfo->pr_fname, curpsinfo->pr_pid == pid, curpsinfo->pr_ppid == ppid,
	    curlwpsinfo->pr_lwpid == tid, curpsinfo->pr_uid == uid, curlwpsinfo->pr_name);
}
