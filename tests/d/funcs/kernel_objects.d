/* @args: -q */
/* getmajor/getminor split a kernel dev_t (12 + 20 bits); progenyof: dtrace
   itself descends from its own pid and from init, not from a pid that
   does not exist; every Linux mutex is adaptive, none is a spin lock; the
   current thread holds no mutex at its own address */
BEGIN
{
	printf("%x %x\n", getmajor(0x0ff00123), getminor(0x0ff00123));
	printf("%d %d %d\n", progenyof($pid), progenyof(1), progenyof(-5));
	printf("%d %d\n", mutex_type_adaptive((struct mutex *)0),
	    mutex_type_spin((struct mutex *)0));
	printf("%d\n", mutex_owned((struct mutex *)curthread));
	exit(0);
}
