/* @args: -q */
/* basename() and dirname(): trailing slashes, empty and all-slash paths */
BEGIN
{
	printf("|%s| |%s|\n", basename("/foo/bar/baz"), dirname("/foo/bar/baz"));
	printf("|%s| |%s|\n", basename("/foo/bar///baz/"), dirname("/foo/bar///baz/"));
	printf("|%s| |%s|\n", basename("/foo/bar/baz/.//"), dirname("/foo/bar/baz/.//"));
	printf("|%s| |%s|\n", basename("foo/bar/baz/"), dirname("foo/bar/baz/"));
	printf("|%s| |%s|\n", basename("/"), dirname("/"));
	printf("|%s| |%s|\n", basename("./"), dirname("./"));
	printf("|%s| |%s|\n", basename("//"), dirname("//"));
	printf("|%s| |%s|\n", basename("/."), dirname("/."));
	printf("|%s| |%s|\n", basename("/./."), dirname("/./."));
	printf("|%s| |%s|\n", basename("."), dirname("."));
	printf("|%s| |%s|\n", basename("f"), dirname("f"));
	printf("|%s| |%s|\n", basename("f/"), dirname("f/"));
	printf("|%s| |%s|\n", basename("/////"), dirname("/////"));
	printf("|%s| |%s|\n", basename(""), dirname(""));
	printf("|%s| |%s|\n", basename("a/"), dirname("a/"));
	printf("|%s| |%s|\n", basename("//a//b//"), dirname("//a//b//"));
	printf("|%s| |%s|\n", basename("/a"), dirname("/a"));
	printf("|%s| |%s|\n", basename("a//b"), dirname("a//b"));
	exit(0);
}
