/* @args: -q */
/* index() and rindex(): Perl's positions, empty strings, not found */
BEGIN
{
	printf("%d %d\n", index("foobarbaz", "barbaz"), rindex("foobarbaz", "barbaz"));
	printf("%d %d\n", index("foofoofoo", "foo"), rindex("foofoofoo", "foo"));
	printf("%d %d\n", index("foobarbaz", "barbazzy"), rindex("foobarbaz", "barbazzy"));
	printf("%d %d\n", index("foobar", "foobarbaz"), rindex("foobar", "foobarbaz"));
	printf("%d %d\n", index("", "foobar"), rindex("", "foobar"));
	printf("%d %d\n", index("foobar", ""), rindex("foobar", ""));
	printf("%d %d\n", index("", ""), rindex("", ""));
	printf("%d %d\n", index("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaa"), rindex("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaa"));
	printf("%d %d\n", index("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz", "klmnopqrstuvw"), rindex("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz", "klmnopqrstuvw"));
	printf("%d %d %d\n", -400, index("foofoofoo", "foo", -400), rindex("foofoofoo", "foo", -400));
	printf("%d %d %d\n", -1, index("foofoofoo", "foo", -1), rindex("foofoofoo", "foo", -1));
	printf("%d %d %d\n", 0, index("foofoofoo", "foo", 0), rindex("foofoofoo", "foo", 0));
	printf("%d %d %d\n", 4, index("foofoofoo", "foo", 4), rindex("foofoofoo", "foo", 4));
	printf("%d %d %d\n", 6, index("foofoofoo", "foo", 6), rindex("foofoofoo", "foo", 6));
	printf("%d %d %d\n", 9, index("foofoofoo", "foo", 9), rindex("foofoofoo", "foo", 9));
	printf("%d %d %d\n", 400, index("foofoofoo", "foo", 400), rindex("foofoofoo", "foo", 400));
	printf("%d %d %d\n", -400, index("foobar", "", -400), rindex("foobar", "", -400));
	printf("%d %d %d\n", -1, index("foobar", "", -1), rindex("foobar", "", -1));
	printf("%d %d %d\n", 0, index("foobar", "", 0), rindex("foobar", "", 0));
	printf("%d %d %d\n", 4, index("foobar", "", 4), rindex("foobar", "", 4));
	printf("%d %d %d\n", 6, index("foobar", "", 6), rindex("foobar", "", 6));
	printf("%d %d %d\n", 9, index("foobar", "", 9), rindex("foobar", "", 9));
	printf("%d %d %d\n", 400, index("foobar", "", 400), rindex("foobar", "", 400));
	printf("%d %d %d\n", -400, index("", "", -400), rindex("", "", -400));
	printf("%d %d %d\n", -1, index("", "", -1), rindex("", "", -1));
	printf("%d %d %d\n", 0, index("", "", 0), rindex("", "", 0));
	printf("%d %d %d\n", 4, index("", "", 4), rindex("", "", 4));
	printf("%d %d %d\n", 6, index("", "", 6), rindex("", "", 6));
	printf("%d %d %d\n", 9, index("", "", 9), rindex("", "", 9));
	printf("%d %d %d\n", 400, index("", "", 400), rindex("", "", 400));
	printf("%d %d %d\n", -400, index("foobarbaz", "barbaz", -400), rindex("foobarbaz", "barbaz", -400));
	printf("%d %d %d\n", -1, index("foobarbaz", "barbaz", -1), rindex("foobarbaz", "barbaz", -1));
	printf("%d %d %d\n", 0, index("foobarbaz", "barbaz", 0), rindex("foobarbaz", "barbaz", 0));
	printf("%d %d %d\n", 4, index("foobarbaz", "barbaz", 4), rindex("foobarbaz", "barbaz", 4));
	printf("%d %d %d\n", 6, index("foobarbaz", "barbaz", 6), rindex("foobarbaz", "barbaz", 6));
	printf("%d %d %d\n", 9, index("foobarbaz", "barbaz", 9), rindex("foobarbaz", "barbaz", 9));
	printf("%d %d %d\n", 400, index("foobarbaz", "barbaz", 400), rindex("foobarbaz", "barbaz", 400));
	x = "xfooyfooz"; y = "foo"; printf("%d %d\n", index(x, y, 2), rindex(x, y, 4));
	exit(0);
}
