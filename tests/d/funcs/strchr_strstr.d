/* @args: -q */
/* strstr, strchr, strrchr (not found gives NULL) */
BEGIN
{
	printf("[%s]\n", strstr("foobarbarbazbarbop", "baz"));
	printf("[%s]\n", strstr("foobarbarbazbarbop", ""));
	printf("[%s]\n", strstr("", ""));
	printf("[%s]\n", strstr("f", "f"));
	printf("%d\n", strstr("foobarbarbazbarbop", "barbarf") == NULL);
	printf("%d\n", strstr("abc", "abcd") == NULL);
	printf("[%s] [%s]\n", strchr("fooeyfooeyfoo", 'f'), strrchr("fooeyfooeyfoo", 'f'));
	printf("[%s] [%s]\n", strchr("fooeyfooeyfoo", 'y'), strrchr("fooeyfooeyfoo", 'y'));
	printf("%d %d\n", strchr("fooeyfooeyfoo", 'z') == NULL,
	    strrchr("fooeyfooeyfoo", 'z') == NULL);
	printf("%d [%s] [%s]\n", strchr("", 'a') == NULL, strrchr(strchr("abcabc", 'b'), 'a'),
	    strchr("abc", 0));
	exit(0);
}
