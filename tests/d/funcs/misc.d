/* @args: -q */
/* strlen, strjoin, toupper, tolower, the byte-order functions and rand() */
BEGIN
{
	printf("%d %d %d\n", strlen("hello"), strlen(""), strlen(strjoin("ab", "cde")));
	printf("[%s] [%s] [%s] [%s]\n", strjoin("foo", "bar"), strjoin("", "x"),
	    strjoin("x", ""), strjoin("", ""));
	printf("[%s] [%s]\n", toupper("Hello, World 123!"), tolower("MiXeD-CaSe_Z@["));
	printf("[%s] [%s]\n", toupper(""), tolower(toupper("round trip")));
	printf("%x %x %x\n", htons(0x1122), htonl(0x11223344), htonll(0x1122334455667788));
	printf("%x %x %x\n", ntohs(0x1122), ntohl(0x11223344), ntohll(0x1122334455667788));
	printf("%x %x\n", htons(0x123456), ntohs(htons(0xabcd)));
	r = rand();
	printf("%d\n", r == (int)r);
	exit(0);
}
