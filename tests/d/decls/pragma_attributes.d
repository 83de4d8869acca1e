/* @args: -q */
/* attributes and bindings may name a provider, an inline or a declared
   variable, before or after its declaration */
#pragma D attributes Evolving/Evolving/Common total
#pragma D binding "1.0" limit
#pragma D attributes Stable/Stable/Common syscall

int total;
inline int limit = 3;

BEGIN
{
	total = limit;
	printf("%d\n", total);
	exit(0);
}
