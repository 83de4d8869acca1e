/* Writes known bytes to /dev/null, so a script can copy them in at write entry:
   a NUL-terminated message (16 bytes) and four ints (16 bytes, after a 1-byte
   write that tells them apart); then sleeps 12345 ns, so the request can be read. */
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	static const char message[16] = "copy me, dtrace";
	static const int numbers[4] = { 1, -2, 300, 70000 };
	int fd = open("/dev/null", O_WRONLY);

	if (fd < 0)
		return 1;
	write(fd, message, sizeof(message));
	write(fd, "#", 1);
	write(fd, numbers, sizeof(numbers));
	close(fd);
	struct timespec nap = { 0, 12345 };
	nanosleep(&nap, NULL);
	return 0;
}
