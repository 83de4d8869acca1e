/* Functions with known arguments and return values, for the pid provider.
   argv[1]: how many times sum3() is called (default 3); with argv[2], it
   sleeps 20 ms after each call, so that dtrace -p can grab it running. */
#include <stdlib.h>
#include <unistd.h>

#define PROBED __attribute__((noinline, noipa))

PROBED long sum3(long a, long b, long c) { return a + b + c; }

PROBED long six(long a, long b, long c, long d, long e, long f)
{
	return a * 100000 + b * 10000 + c * 1000 + d * 100 + e * 10 + f;
}

PROBED long ten(long a, long b, long c, long d, long e, long f, long g, long h,
		long i, long j)
{
	return a + b + c + d + e + f + g + h + i + j;
}

PROBED int skipped(int x) { return x + 1; }

/* an alias: its probes are those of skipped(), under that name */
int __skipped_alias(int x) __attribute__((weak, alias("skipped")));

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 3;
	volatile long sink = 0;

	for (int i = 0; i < rounds; i++) {
		sink += sum3(i, 10, 100);
		if (argc > 2)
			usleep(20000);
	}
	sink += six(1, 2, 3, 4, 5, 6);
	sink += ten(10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
	if (argc > 5)
		sink += skipped(argc);
	void *volatile block = malloc(4242);
	free(block);
	return 0;
}
