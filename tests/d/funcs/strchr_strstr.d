/* @args: -q */
/* strstr, strchr, strrchr (not found gives the empty string here) */
BEGIN
{
	printf("[%s]\n", strstr("foobarbarbazbarbop", "baz"));
	printf("[%s]\n", strstr("foobarbarbazbarbop", ""));
	printf("[%s]\n", strstr("", ""));
	printf("[%s]\n", strstr("f", "f"));
	printf("[%s]\n", strstr("foobarbarbazbarbop", "barbarf"));
	printf("[%s]\n", strstr("abc", "abcd"));
	printf("[%s] [%s]\n", strchr("fooeyfooeyfoo", 'f'), strrchr("fooeyfooeyfoo", 'f'));
	printf("[%s] [%s]\n", strchr("fooeyfooeyfoo", 'y'), strrchr("fooeyfooeyfoo", 'y'));
	printf("[%s] [%s]\n", strchr("fooeyfooeyfoo", 'z'), strrchr("fooeyfooeyfoo", 'z'));
	printf("[%s] [%s]\n", strchr("", 'a'), strrchr(strchr("abcabc", 'b'), 'a'));
	exit(0);
}
