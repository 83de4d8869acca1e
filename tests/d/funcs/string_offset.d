/* @args: -q */
/* a string plus (or minus) an integer is the string from that position;
   outside the string's buffer there is only "", and NULL stays NULL */
BEGIN
{
	g = "abcdefgh";
	self->t = "xyz";
	printf("[%s] [%s] [%s] [%s]\n", g + 3, 1 + self->t, g - -7, g + 5000);
	n = strchr("abc", 'q');
	printf("%d\n", n + 1 == NULL);
	exit(0);
}
