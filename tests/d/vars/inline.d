/* @args: -q */
/* inline constants: the script's own and the D library's */
inline int BASE = 40;
inline int ANSWER = BASE + 2;
inline string GREETING = "hello";

BEGIN
{
	printf("%d %s\n", ANSWER, GREETING);
	printf("%d %d %d %d\n", SIGKILL, EPERM, DTRACEFLT_BADADDR, NULL);
	exit(0);
}
