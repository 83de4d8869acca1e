/* Calls getppid() from three nested functions, with frame pointers, so a
   user stack taken at the system call walks back through all of them. */
#include <unistd.h>

#define FRAMED __attribute__((noinline, optimize("no-omit-frame-pointer")))

static volatile int sink;

FRAMED void inner(void) { sink += getppid(); }
FRAMED void middle(void) { inner(); sink++; }
FRAMED void outer(void) { middle(); sink++; }

FRAMED int main(void)
{
	for (int i = 0; i < 200; i++) {
		outer();
		usleep(10000);
	}
	return 0;
}
