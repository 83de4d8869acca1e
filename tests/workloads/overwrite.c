/* Passes a buffer to write(2) on /dev/null, then shows on stderr what the
   buffer holds afterwards (a NUL shown as '|'): a script may have rewritten it. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	char buf[33] = "lowercase letters and more text.";
	int fd = open("/dev/null", O_WRONLY);

	if (fd < 0)
		return 1;
	write(fd, buf, 32);
	for (int i = 0; i < 32; i++)
		if (buf[i] == '\0')
			buf[i] = '|';
	buf[32] = '\n';
	write(2, buf, 33);
	close(fd);
	return 0;
}
