/* @args: -q -x scratchsize=320 */
/* alloca'd memory: offsets from 8 (0 is NULL), 8-byte aligned, written and
   read through casts, subscripts and *; bcopy() into it; strings kept in it */
BEGIN
{
	a = alloca(1);
	b = (char *)alloca(3);
	printf("offsets %d %d, apart %d\n", (uint64_t)a, (uint64_t)b,
	    (uint64_t)b - (uint64_t)a);

	i = (int *)alloca(4 * sizeof (int));
	i[0] = -1; i[1] = 0x7fffffff; *(i + 2) = 300; i[3] = i[0] + i[2];
	printf("ints %d %d %d %d\n", i[0], i[1], i[2], i[3]);

	/* the same bytes seen through narrower and wider types */
	c = (unsigned char *)i;
	s = (short *)i;
	l = (long *)i;
	printf("bytes %u %u, short %d, long %d\n", c[0], c[8], s[4], l[1]);

	*i += 5;
	i[1]++;
	printf("updated %d %d\n", *i, i[1]);

	q = (uint64_t *)alloca(sizeof (uint64_t));
	*q = 0xfedcba9876543210;
	printf("u64 %x\n", *q);
}

BEGIN
{
	/* every clause starts over: the same offsets again */
	p = (char *)alloca(6);
	printf("fresh clause: %d\n", (uint64_t)p);
	bcopy(probename, p, 5);
	p[5] = '\0';
	printf("bcopy \"%s\" strlen %d upper %s\n", stringof(p), strlen(p), toupper(p));

	dst = (char *)alloca(8);
	bcopy(p + 1, dst, 5);
	printf("alloca to alloca \"%s\" '%c'\n", (string)dst, dst[3]);
	bcopy("xy", &dst[1], 2);
	printf("element address %d: \"%s\"\n", (uint64_t)&dst[1], stringof(dst));

	comm = (char *)alloca(16);
	bcopy(curthread->comm, comm, 16);
	printf("kernel array \"%s\" is execname: %d\n", stringof(comm),
	    stringof(comm) == execname);

	str = (string *)alloca(sizeof (string) + 1);
	*str = "kept in scratch";
	printf("string* \"%s\" %d\n", *str, strlen(*str));

	/* alloca pointers kept in an array element and a thread-local */
	kept[1] = (int *)alloca(4);
	*kept[1] = 42;
	self->p = (char *)alloca(2);
	self->p[1] = 7;
	printf("through variables %d %d\n", *kept[1], self->p[1]);
	exit(0);
}
