/* @args: -q */
/* NULL strings: what strchr/strstr return when they find nothing, what an
   unset associative array element holds; NULL equals NULL only and sorts
   below every string, "" included; storing "" over NULL makes it "" */
BEGIN
{
	g = strchr("abcdef", 'z');
	this->l = strstr("abc", "x");
	self->t = strrchr("abc", 'b');
	e = "";
	a[0] = "x";
	printf("%d %d %d %d %d\n", g == NULL, this->l == NULL, self->t == NULL,
	    a[1] == NULL, e == NULL);
	printf("%d %d %d %d\n", g == this->l, g < e, e > g, g == e);
	printf("[%s] [%s]\n", self->t, strchr("abc", 0) == NULL ? "null" : "not null");
	g = "";
	a[2] = "";
	printf("%d %d %d\n", g == NULL, a[2] == NULL, a[2] == "");
	g = NULL;
	printf("%d %d\n", g == NULL, NULL == g);
	exit(0);
}
