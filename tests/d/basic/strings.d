/* @args: -q */
/* string constants, comparison, assignment to each kind of variable */
BEGIN
{
	s = "hello";
	self->t = "world";
	this->u = s;
	printf("%s %s %s\n", s, self->t, this->u);
	printf("%d %d %d %d\n", s == "hello", s != "hello", s < "help", "b" > "a");
	printf("%d %d\n", self->t == this->u, "" == "");
	x = s == "hello" ? "yes" : "no";
	printf("%s\n", x);
	printf("%s|%s\n", probeprov, probename);
	printf("[%s]\n", "tab\tquote\"backslash\\");
	exit(0);
}
