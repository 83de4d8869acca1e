/*
 * The process model of DTrace's procfs translators on Linux: psinfo_t for
 * a process and lwpsinfo_t for a thread, translated from the kernel's
 * struct task_struct, and curpsinfo/curlwpsinfo for the current thread.
 * Only the members Linux can fill are defined; the others read as zero.
 */

typedef struct psinfo {
	int pr_flag;
	int pr_nlwp;
	int pr_pid;
	int pr_ppid;
	int pr_pgid;
	int pr_sid;
	int pr_uid;
	int pr_euid;
	int pr_gid;
	int pr_egid;
	uintptr_t pr_addr;
	char pr_fname[16];
} psinfo_t;

typedef struct lwpsinfo {
	int pr_flag;
	int pr_lwpid;
	uintptr_t pr_addr;
	int pr_pri;
	int pr_onpro;
	char pr_name[16];
} lwpsinfo_t;

translator psinfo_t < struct task_struct *T >
{
	pr_flag = T->flags;
	pr_nlwp = T->signal->nr_threads;
	pr_pid = T->tgid;
	pr_ppid = T->real_parent->tgid;
	pr_uid = T->cred->uid.val;
	pr_euid = T->cred->euid.val;
	pr_gid = T->cred->gid.val;
	pr_egid = T->cred->egid.val;
	pr_addr = (uintptr_t)T->group_leader;
	pr_fname = T->group_leader->comm;
};

translator lwpsinfo_t < struct task_struct *T >
{
	pr_flag = T->flags;
	pr_lwpid = T->pid;
	pr_addr = (uintptr_t)T;
	pr_pri = T->prio;
	pr_onpro = T->thread_info.cpu;
	pr_name = T->comm;
};

inline psinfo_t *curpsinfo = xlate <psinfo_t *> (curthread);
inline lwpsinfo_t *curlwpsinfo = xlate <lwpsinfo_t *> (curthread);
