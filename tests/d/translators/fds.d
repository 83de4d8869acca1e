/* @args: -q -c "@writefiles /tmp/pydtrace-fds-test.out /dev/null" */
/* fds[fd]: the D library's fileinfo_t of the current process's open file
   fd, its path built from the kernel's dentries and mounts (/dev is a
   mount of its own, on /); a descriptor that is not open has none */
syscall::write:entry
/pid == $target/
{
	printf("%d: %s | %s | %s | offset %d | %s | write-only %d\n", (int)arg0,
	    fds[arg0].fi_pathname, fds[arg0].fi_dirname, fds[arg0].fi_name,
	    fds[arg0].fi_offset, fds[arg0].fi_fs == "devtmpfs" ? "devtmpfs" : "-",
	    (fds[arg0].fi_oflags & O_ACCMODE) == O_WRONLY);
}

syscall::write:entry
/pid == $target/
{
	/* the whole struct, kept in a clause-local variable */
	this->f = fds[arg0];
	printf("   %s %d, mounted on %s\n", this->f.fi_pathname, this->f.fi_offset,
	    this->f.fi_fs == "devtmpfs" ? this->f.fi_mount : "-");
}
