/* @args: -q */
BEGIN
{
	printf("%d %s\n", 6 * 7, "ok");
	printf("%5d|%-5d|%05d|%x|%X|%o|%u\n", 42, 42, 42, 255, 255, 8, -1);
	printf("%s|%10s|%-10s|%.2s|%c\n", "abc", "right", "left", "truncate", 65);
	printf("%%|%i|%ld|%lld\n", -7, 1234567890123, (long long)-1);
	exit(0);
}
