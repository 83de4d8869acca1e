/* @args: -q */
/* thread-local associative arrays: self->a[keys] */
BEGIN
{
	self->a["x", 2] = 5;
	self->a["x", 2] += 3;
	self->n[7]++;
	self->s[1] = "str";
	printf("%d %d %d %s %d\n", self->a["x", 2], self->a["y", 1], self->n[7], self->s[1],
	    self->s[2] == NULL);
	self->a["x", 2] = 0;
	printf("%d\n", self->a["x", 2]);
	exit(0);
}
