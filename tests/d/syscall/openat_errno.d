/* @args: -q -c "@openfiles /nonexistent/x /etc/hostname" */
syscall::openat:entry
/pid == $target/
{
	self->path = copyinstr(arg1);
}

syscall::openat:return
/pid == $target && (self->path == "/nonexistent/x" || self->path == "/etc/hostname")/
{
	printf("%s ok=%d errno=%d\n", self->path, arg0 >= 0, errno);
}

syscall::openat:return
/pid == $target/
{
	self->path = 0;
}
