/* @args: -qw */
/* system() runs its formatted command in a shell after what was printed
   before it is out, so the output keeps its order */
BEGIN
{
	this->n = 41;
	printf("before\n");
	system("echo %s %d %x", "answer", this->n + 1, 255);
	printf("between\n");
	system("printf '%%s\\n' '%s'", probename);
	printf("after\n");
	exit(0);
}
