/* @args: -q */
/* associative arrays keyed by tuples; assigning 0 deletes; a string
   element never assigned is NULL */
BEGIN
{
	a["x", 1] = 10;
	a["y", 2] = 20;
	a["x", 1] += 5;
	b[3] = "three";
	printf("%d %d %d %s %d\n", a["x", 1], a["y", 2], a["z", 3], b[3], b[4] == NULL);
	a["y", 2] = 0;
	printf("%d\n", a["y", 2]);
	i = 0;
	i++;
	n[i] = i * 100;
	i++;
	n[i] = i * 100;
	printf("%d %d %d\n", n[1], n[2], n[3]);
}

BEGIN
{
	this->v = 1;
}

BEGIN
/this->v == 1/
{
	printf("this-> persists across clauses of one firing\n");
	exit(0);
}
