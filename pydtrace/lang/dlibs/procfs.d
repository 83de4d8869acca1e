/*
 * The process model of DTrace's procfs translators on Linux: psinfo_t for
 * a process and lwpsinfo_t for a thread, translated from the kernel's
 * struct task_struct; curpsinfo/curlwpsinfo for the current thread, and
 * cwd and root, the current process's directories.
 *
 * The structs have the members (and so the layout) DTrace gives them;
 * members Linux has no meaning for read as zero.  A process's arguments
 * live in its own memory, so pr_psargs, pr_argc and pr_envp are read for
 * the current process only: another process shows its command name and
 * no arguments.
 */

typedef id_t taskid_t;
typedef id_t dprojid_t;
typedef id_t poolid_t;
typedef id_t zoneid_t;

typedef struct timestruc {
	long tv_sec;
	long tv_nsec;
} timestruc_t;

typedef struct lwpsinfo {
	int pr_flag;		/* PR_STOPPED when the thread is stopped */
	int pr_lwpid;		/* thread id */
	uintptr_t pr_addr;	/* its task_struct */
	uintptr_t pr_wchan;	/* wait address (none on Linux) */
	char pr_stype;		/* synchronization object type (none) */
	char pr_state;		/* SSLEEP, SRUN, SZOMB, SSTOP, SWAIT */
	char pr_sname;		/* the state as a letter: S R Z T W */
	char pr_nice;
	short pr_syscall;
	char pr_oldpri;
	char pr_cpu;
	int pr_pri;		/* the kernel's priority (prio) */
	ushort_t pr_pctcpu;
	ushort_t pr_pad;
	timestruc_t pr_start;
	timestruc_t pr_time;
	char pr_clname[8];
	char pr_name[16];	/* the thread's name (comm) */
	processorid_t pr_onpro;	/* the CPU it last ran on */
	processorid_t pr_bindpro;
	psetid_t pr_bindpset;
	int pr_lgrp;
	int pr_filler[4];
} lwpsinfo_t;

typedef struct psinfo {
	int pr_flag;		/* the kernel's task flags (PF_*) */
	int pr_nlwp;		/* number of threads */
	pid_t pr_pid;		/* process id */
	pid_t pr_ppid;		/* parent's process id */
	pid_t pr_pgid;		/* process group */
	pid_t pr_sid;		/* session */
	uid_t pr_uid;		/* real user id */
	uid_t pr_euid;		/* effective user id */
	gid_t pr_gid;		/* real group id */
	gid_t pr_egid;		/* effective group id */
	uintptr_t pr_addr;	/* the group leader's task_struct */
	size_t pr_size;
	size_t pr_rssize;
	size_t pr_pad1;
	struct tty_struct *pr_ttydev;	/* controlling terminal, or -1 */
	ushort_t pr_pctcpu;
	ushort_t pr_pctmem;
	timestruc_t pr_start;
	timestruc_t pr_time;
	timestruc_t pr_ctime;
	char pr_fname[16];	/* the command's name (comm) */
	char pr_psargs[80];	/* the command line, arguments joined by spaces */
	int pr_wstat;
	int pr_argc;		/* argument count */
	uintptr_t pr_argv;	/* user address of the argument vector */
	uintptr_t pr_envp;	/* user address of the environment vector */
	char pr_dmodel;		/* PR_MODEL_LP64 */
	char pr_pad2[3];
	taskid_t pr_taskid;
	dprojid_t pr_projid;
	int pr_nzomb;
	poolid_t pr_poolid;
	zoneid_t pr_zoneid;
	id_t pr_contract;
	int pr_filler[1];
	lwpsinfo_t pr_lwp;
} psinfo_t;

inline char PR_MODEL_ILP32 = 1;
inline char PR_MODEL_LP64 = 2;

inline int PR_STOPPED = 0x00000001;
inline int PR_ISTOP = 0x00000002;
inline int PR_DSTOP = 0x00000004;
inline int PR_IDLE = 0x10000000;

inline char SSLEEP = 1;
inline char SRUN = 2;
inline char SZOMB = 3;
inline char SSTOP = 4;
inline char SIDL = 5;
inline char SONPROC = 6;
inline char SWAIT = 7;

/* the kernel's pid types: signal_struct->pids[] is indexed by them */
inline int PIDTYPE_PID = 0;
inline int PIDTYPE_TGID = 1;
inline int PIDTYPE_PGID = 2;
inline int PIDTYPE_SID = 3;

/* the kernel's task states (__state) and exit states (exit_state) */
inline int TASK_RUNNING = 0x0000;
inline int TASK_INTERRUPTIBLE = 0x0001;
inline int TASK_UNINTERRUPTIBLE = 0x0002;
inline int __TASK_STOPPED = 0x0004;
inline int __TASK_TRACED = 0x0008;
inline int EXIT_DEAD = 0x0010;
inline int EXIT_ZOMBIE = 0x0020;
inline int TASK_PARKED = 0x0040;
inline int TASK_DEAD = 0x0080;
inline int TASK_WAKEKILL = 0x0100;
inline int TASK_WAKING = 0x0200;

translator psinfo_t < struct task_struct *T >
{
	pr_flag = T->flags;
	pr_nlwp = T->signal->nr_threads;
	pr_pid = T->tgid;
	pr_ppid = T->real_parent->tgid;
	pr_pgid = T->signal->pids[PIDTYPE_PGID]->numbers[0].nr;
	pr_sid = T->signal->pids[PIDTYPE_SID]->numbers[0].nr;
	pr_uid = T->cred->uid.val;
	pr_euid = T->cred->euid.val;
	pr_gid = T->cred->gid.val;
	pr_egid = T->cred->egid.val;
	pr_addr = (uintptr_t)T->group_leader;
	pr_ttydev = T->signal->tty != NULL ? T->signal->tty : (struct tty_struct *)-1;
	pr_fname = T->group_leader->comm;
	pr_psargs = T == curthread && T->mm != NULL ?
	    __psargs(T->mm->arg_start, T->mm->arg_end) :
	    stringof(T->group_leader->comm);
	/* the initial stack starts with argc, then argv[], NULL, envp[] */
	pr_argc = T == curthread && T->mm != NULL ?
	    *(int *)copyin(T->mm->start_stack, sizeof (int)) : 0;
	pr_argv = T->mm != NULL ? T->mm->start_stack + sizeof (long) : 0;
	pr_envp = T == curthread && T->mm != NULL ? T->mm->start_stack +
	    sizeof (long) * (*(int *)copyin(T->mm->start_stack, sizeof (int)) + 2) : 0;
	pr_wstat = 0;
	pr_dmodel = PR_MODEL_LP64;
	pr_taskid = 0;
	pr_projid = 0;
	pr_nzomb = 0;
	pr_poolid = 0;
	pr_zoneid = 0;
	pr_contract = 0;
};

translator lwpsinfo_t < struct task_struct *T >
{
	pr_flag = T->__state & (__TASK_STOPPED | __TASK_TRACED) ? PR_STOPPED : 0;
	pr_lwpid = T->pid;
	pr_addr = (uintptr_t)T;
	pr_wchan = 0;
	pr_stype = 0;
	pr_state = T->exit_state & (EXIT_ZOMBIE | EXIT_DEAD) ? SZOMB :
	    T->__state & (TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE) ? SSLEEP :
	    T->__state & (__TASK_STOPPED | __TASK_TRACED) ? SSTOP :
	    T->__state & TASK_DEAD ? SZOMB :
	    T->__state & (TASK_WAKEKILL | TASK_WAKING | TASK_PARKED) ? SWAIT : SRUN;
	pr_sname = T->exit_state & (EXIT_ZOMBIE | EXIT_DEAD) ? 'Z' :
	    T->__state & (TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE) ? 'S' :
	    T->__state & (__TASK_STOPPED | __TASK_TRACED) ? 'T' :
	    T->__state & TASK_DEAD ? 'Z' :
	    T->__state & (TASK_WAKEKILL | TASK_WAKING | TASK_PARKED) ? 'W' : 'R';
	pr_pri = T->prio;
	pr_name = T->comm;
	pr_onpro = T->thread_info.cpu;
	pr_bindpro = -1;
	pr_bindpset = -1;
};

inline psinfo_t *curpsinfo = xlate <psinfo_t *> (curthread);
inline lwpsinfo_t *curlwpsinfo = xlate <lwpsinfo_t *> (curthread);

/* the current process's working directory and root */
inline string cwd = d_path(&curthread->fs->pwd);
inline string root = d_path(&curthread->fs->root);
