/* @args: -q */
/* substr() with two and three arguments, negative index and length */
BEGIN
{
	str = "foobarbazbop";
	printf("[%s]\n", substr(str, 3));
	printf("[%s]\n", substr(str, 300));
	printf("[%s]\n", substr(str, -10));
	printf("[%s]\n", substr(str, 0));
	printf("[%s]\n", substr(str, 1));
	printf("[%s]\n", substr(str, 11));
	printf("[%s]\n", substr(str, 12));
	printf("[%s]\n", substr(str, 13));
	printf("[%s]\n", substr(str, -12));
	printf("[%s]\n", substr(str, -13));
	printf("[%s]\n", substr(str, -300));
	printf("[%s]\n", substr(str, 8, 20));
	printf("[%s]\n", substr(str, 4, 4));
	printf("[%s]\n", substr(str, 5, 8));
	printf("[%s]\n", substr(str, 400, 20));
	printf("[%s]\n", substr(str, 400, -1));
	printf("[%s]\n", substr(str, 3, 0));
	printf("[%s]\n", substr(str, 3, -1));
	printf("[%s]\n", substr(str, 3, -4));
	printf("[%s]\n", substr(str, 3, -20));
	printf("[%s]\n", substr(str, -10, -5));
	printf("[%s]\n", substr(str, 0, 400));
	printf("[%s]\n", substr(str, -1, 400));
	printf("[%s]\n", substr(str, -1, 0));
	printf("[%s]\n", substr(str, -1, -1));
	printf("[%s]\n", substr(str, -24, 24));
	printf("[%s]\n", substr(str, -24, 12));
	printf("[%s]\n", substr(str, -24, 13));
	printf("[%s]\n", substr(str, -12, 11));
	printf("[%s] [%s]\n", substr("", 0), substr("", -1, 1));
	printf("[%s]\n", substr(strjoin("foo", "bar"), 2, 2));
	exit(0);
}
