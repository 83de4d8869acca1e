/* @args: -q */
/* strtok: the first call takes the string, NULL goes on where the last call
   on this CPU stopped, at the delimiter that ended the token, so that new
   delimiters apply to it; no token left gives NULL */
BEGIN
{
	printf("[%s]", strtok(",,one,two;;three", ",;"));
	printf("[%s]", strtok(NULL, ";"));
	printf("[%s]", strtok(NULL, ";"));
	printf(" %d\n", strtok(NULL, ";") == NULL);
	printf("%d %d\n", strtok("", "x") == NULL, strtok(":::", ":") == NULL);
	printf("[%s]\n", strtok("no delimiters here", ""));
}

BEGIN
{
	/* the state outlives the clause */
	printf("[%s]", strtok("a b c", " "));
}

BEGIN
{
	printf("[%s]", strtok(NULL, " "));
	printf("[%s]\n", strtok(NULL, " "));
	exit(0);
}
