/* @args: -q */
/* inet_ntoa, inet_ntoa6, inet_ntop, link_ntop on addresses laid out in
   string variables (a declared string is zero past its characters) */
string v4, full6, tail6, short6, zero6, eth, ib;
char *p;

BEGIN
{
	v4 = "\xc0\xa8\x01\x17";
	full6 = "\xfe\x80\x70\x60\x50\x40\x30\x80\x32\x14\x4f\xff\xfe\x0b\x76\xc8";
	tail6 = "\xfe\x12\x34\x56\x78\x9a\xbc\xde\x02\x14";
	short6 = "\x02\x14\x4f\xff\xfe\x0b";
	zero6 = "";
	eth = "\x02\x08\x20\xac\x04\x0e";
	ib = "\x80\x01\x04\x04\xfe\x8c\x41\x7a\x01\x02\x03\x04\x05\x02\xc9\x02\x11\x29\x31\xcd";
	p = v4;
	printf("%s %s\n", inet_ntoa((ipaddr_t *)p), inet_ntop(AF_INET, (void *)p));
	p = full6;
	printf("%s\n", inet_ntoa6((struct in6_addr *)p));
	p = tail6;
	printf("%s\n", inet_ntop(AF_INET6, (void *)p));
	p = short6;
	printf("%s\n", inet_ntoa6((struct in6_addr *)p, 1));
	p = zero6;
	printf("%s\n", inet_ntoa6((struct in6_addr *)p));
	p = eth;
	printf("%s\n", link_ntop(ARPHRD_ETHER, (void *)p));
	p = ib;
	printf("%s\n", link_ntop(ARPHRD_INFINIBAND, (void *)p));
}

BEGIN
{
	/* an unknown family or link type is an illegal operation */
	printf("%s\n", inet_ntop(-1, (void *)p));
}

BEGIN
{
	printf("%s\n", link_ntop(2, (void *)p));
}

BEGIN
{
	printf("%s\n", inet_ntoa((ipaddr_t *)0));
}

ERROR
{
	printf("fault %d\n", arg4);
}

BEGIN
{
	exit(0);
}
