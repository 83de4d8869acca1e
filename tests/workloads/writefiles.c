/*
 * Writes "abc" twice to each path given on the command line (created or
 * truncated), then once to descriptors that are not open (-1, 999).
 * Paths under /tmp/ are removed afterwards.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0)
			continue;
		(void) write(fd, "abc", 3);
		(void) write(fd, "abc", 3);
		close(fd);
		if (strncmp(argv[i], "/tmp/", 5) == 0)
			unlink(argv[i]);
	}
	(void) write(-1, "abc", 3);
	(void) write(999, "abc", 3);
	return 0;
}
