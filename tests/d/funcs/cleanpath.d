/* @args: -q */
/* cleanpath: "//", "." and "name/.." go; ".." above a relative start
   stays, above the root goes; nothing left is "." (or "/") */
BEGIN
{
	printf("%s\n", cleanpath("/usr//lib/./x86_64/../libc.so"));
	printf("%s\n", cleanpath("usr/lib/"));
	printf("%s\n", cleanpath("../x/../../y"));
	printf("%s\n", cleanpath("/../etc/./passwd/"));
	printf("%s\n", cleanpath("one/two/../.."));
	printf("%s\n", cleanpath("/one/.."));
	printf("[%s]\n", cleanpath(""));
	printf("%s\n", cleanpath(".hidden/..dots/.../x"));
	this->p = "/proc/self/../1/./cwd";
	printf("%s\n", cleanpath(this->p));
	exit(0);
}
