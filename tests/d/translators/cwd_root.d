/* @args: -q */
/* cwd and root: the current process's directories, by d_path() */
BEGIN
{
	printf("[%s] %d %d\n", root, substr(cwd, 0, 1) == "/",
	    cwd == d_path(&curthread->fs->pwd));
	exit(0);
}
