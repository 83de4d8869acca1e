/* @args: -q */
/* string subroutines on variables of every kind, nested calls, a small strsize */
#pragma D option strsize=16
BEGIN
{
	x = "/usr/lib/libc.so";
	self->y = "lib";
	this->z = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	a["k"] = "a/b/c";
	printf("%d %d %d %d\n", strlen(x), strlen(this->z), index(x, self->y), rindex(x, self->y));
	printf("[%s] [%s] [%s]\n", basename(x), dirname(a["k"]), substr(x, -6, 4));
	printf("[%s] [%s]\n", strjoin(x, self->y), tolower(this->z));
	printf("[%s] [%s]\n", strstr(x, self->y), strrchr(x, '/'));
	self->w = strjoin(basename(a["k"]), toupper(self->y));
	printf("[%s] %d\n", self->w, strlen(self->w));
	printf("[%s]\n", lltostr(-9223372036854775807 - 1));
	exit(0);
}
