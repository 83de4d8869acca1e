/* @args: -xerrtags */
/* @status: 1 */
/* a translator's input goes in angle brackets: with a brace, C's grammar
   starts a second definition of the output struct */
struct in { int i; };
struct out { int o; };

translator struct out
{
	struct in *p
}
{
	o = p->i;
};

BEGIN
{
	exit(0);
}
