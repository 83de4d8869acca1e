/* @args: -q */
/* float and double variables: D does no arithmetic on them, but they can be
   declared and printed with the floating-point conversions */
float f;
double d;

BEGIN
{
	printf("%f %e %g|%E %G|%8.3f|%-10.2e|\n", f, d, f, d, f, d, f);
	printf("sizes %d %d\n", sizeof (f), sizeof (double));
	exit(0);
}
