/* @args: -q */
/* s[i] is the i-th character of a string, whatever holds the string; a
   NULL string faults at address i, as NULL + i would */
BEGIN
{
	g = "hello";
	this->l = "world";
	self->t = probeprov;
	a[1] = "xyz";
	printf("%c %c %c %c %d\n", g[0], this->l[4], self->t[1], a[1][2], g[5]);
	p = (char *)0;
	p = probename;
	printf("%c\n", p[2]);
}

BEGIN
{
	g = NULL;
	trace(g[3]);
}

ERROR
{
	printf("fault %d at %d\n", arg4, arg5);
	exit(0);
}
