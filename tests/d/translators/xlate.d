/* @args: -q */
/* xlate applies a translator: one member at a time (only that member's
   definition is computed), or the whole struct (members the translator
   does not define are zero); the kernel's own structs can be inputs */
struct in { int a; char c; long big; };
struct out { int sum; char c; short unset; long neg; };

translator struct out < struct in p >
{
	sum = p.a + p.c;
	c = p.c + 1;
	neg = -p.big;
};

struct proc { int pid; int ppid; };

translator struct proc < struct task_struct *t >
{
	pid = t->tgid;
	ppid = t->real_parent->tgid;
};

struct in v;
struct out o;

BEGIN
{
	v.a = 40; v.c = 'a'; v.big = 7;
	printf("%d %c\n", xlate <struct out> (v).sum, xlate <struct out *> (v)->c);
	o = xlate <struct out> (v);
	printf("%d %c %d %d\n", o.sum, o.c, o.unset, o.neg);
	printf("%d\n", xlate <struct proc *> (curthread)->pid == pid &&
	    xlate <struct proc> (curthread).ppid == ppid);
	exit(0);
}
