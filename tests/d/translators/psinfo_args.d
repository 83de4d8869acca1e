/* @args: -q -c "sleep 0 0.0" */
/* psinfo_t's command line members, read from the current process's own
   memory: pr_psargs joins the arguments with spaces (no trailing one),
   pr_argv and pr_envp are the vectors on its initial stack */
syscall::exit_group:entry
/pid == $target/
{
	printf("[%s] argc %d\n", curpsinfo->pr_psargs, curpsinfo->pr_argc);
	printf("argv[2] %s\n", copyinstr(*(uint64_t *)copyin(curpsinfo->pr_argv + 16, 8)));
	printf("envp follows argv's NULL: %d\n",
	    curpsinfo->pr_envp == curpsinfo->pr_argv + 8 * (curpsinfo->pr_argc + 1));
	printf("data model LP64: %d, zombies %d\n", curpsinfo->pr_dmodel == PR_MODEL_LP64,
	    curpsinfo->pr_nzomb);

	/* the whole struct, char arrays included */
	this->p = curpsinfo;
	printf("[%s] %s %d %d\n", this->p->pr_psargs, this->p->pr_fname, this->p->pr_argc,
	    this->p->pr_pid == pid);
	printf("%c %d %s\n", curlwpsinfo->pr_sname, curlwpsinfo->pr_state == SRUN,
	    xlate <lwpsinfo_t> (curthread).pr_name);
}
