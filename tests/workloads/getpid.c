/* Makes exactly N getpid() system calls (N from argv[1], default 1000). */
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000;

	for (int i = 0; i < n; i++)
		syscall(SYS_getpid);
	return 0;
}
