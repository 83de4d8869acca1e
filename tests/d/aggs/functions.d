/* @args: -q */
/* count, sum, avg, min, max with integer and string keys */
BEGIN
{
	@c["a"] = count();
	@c["a"] = count();
	@c["b"] = count();
	@s[1, "one"] = sum(10);
	@s[1, "one"] = sum(-3);
	@s[2, "two"] = sum(0);
	@a = avg(10);
	@a = avg(20);
	@a = avg(31);
	@mn = min(5);
	@mn = min(-2);
	@mn = min(7);
	@mx = max(5);
	@mx = max(-2);
	@mx = max(7);
	exit(0);
}
