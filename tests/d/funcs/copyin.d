/* @args: -q -c @userbuf */
/* copyin(), copyinto() and copyinstr() of a process's own write() buffers */
syscall::write:entry
/pid == $target && arg2 == 1/
{
	seen_marker = 1;
}

syscall::write:entry
/pid == $target && arg2 == 16 && !seen_marker/
{
	/* copyin() returns alloca'd memory: a string, or bytes to index */
	msg = (char *)copyin(arg1, arg2);
	printf("copyin: \"%s\" [5]='%c' [15]=%d\n", stringof(msg), msg[5], msg[15]);
	printf("cast: \"%s\"\n", (string)copyin(arg1, arg2));

	buf = (char *)alloca(24);
	buf[20] = 'z';
	copyinto(arg1 + 5, 3, buf + 20);
	buf[23] = 0;
	printf("copyinto: \"%s\"\n", stringof(buf + 20));

	printf("copyinstr: \"%s\" \"%s\" \"%s\"\n", copyinstr(arg1), copyinstr(arg1, 5),
	    copyinstr(arg1, 1));
	printf("index: '%c' '%c'\n", (s = copyinstr(arg1))[3], s[14]);
}

syscall::write:entry
/pid == $target && arg2 == 16 && seen_marker/
{
	n = (int *)copyin(arg1, arg2);
	printf("ints: %d %d %d %d\n", n[0], n[1], n[2], n[3]);
	u = (unsigned short *)n;
	printf("halves: %u %u\n", u[2], u[3]);
	l = (long *)copyin(arg1 + 8, 8);
	printf("long: %d\n", *l);
}

syscall::clock_nanosleep:entry
/pid == $target/
{
	/* a kernel type laid over user memory: the sleep request */
	ts = (struct __kernel_timespec *)copyin(arg2, sizeof (struct __kernel_timespec));
	printf("nanosleep %d.%09d\n", ts->tv_sec, ts->tv_nsec);
}
