/* @args: -q */
/* built-in variables as seen from BEGIN, in dtrace's own thread */
BEGIN
{
	printf("pid=%d tid=%d ppid=%d\n", pid == $pid, tid == pid, ppid == $ppid);
	printf("uid=%d gid=%d\n", uid == $uid, gid == $gid);
	printf("cpu=%d\n", cpu >= 0 && cpu < 1024);
	printf("timestamp=%d vtimestamp=%d\n", timestamp > 0, vtimestamp > 0);
	printf("walltimestamp=%d\n", walltimestamp / 1000000000 > 1700000000);
	printf("args=%d %d errno=%d\n", arg0, arg9, errno);
	printf("probe=%s:%s:%s:%s id=%d\n", probeprov, probemod, probefunc, probename, id);
	t1 = timestamp;
	t2 = timestamp;
	printf("same timestamp within a firing=%d\n", t1 == t2);
	printf("execname=%s target=%d\n", execname, $target);
	exit(0);
}
