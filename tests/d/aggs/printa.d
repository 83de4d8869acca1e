/* @args: -q */
/* printa with and without formats, several aggregations, and the actions
   the consumer carries out on whole aggregations */
BEGIN
{
	@a["x"] = count();
	@a["y"] = count();
	@a["y"] = count();
	@b["x"] = sum(50);
	@b["z"] = sum(7);
	printa(@a);
	printa("%s -> %@d\n", @a);
	printa(@a, @b);
	normalize(@b, 5);
	printa("%-4s|%@5d|\n", @b);
	denormalize(@b);
	trunc(@a, 1);
	printa(@a);
	clear(@b);
	printa(@b);
	trunc(@b);
	@c = max(3);
	exit(0);
}
