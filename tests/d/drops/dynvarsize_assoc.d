/* @args: -q */
/* an element of a[int] counts its 8-byte key and its int's 8-byte word, as
   in DTrace: 16 bytes of dynvarsize hold one, and the second is a drop */
#pragma D option dynvarsize=16
BEGIN
{
	a[1] = 1;
	a[2] = 2;
}

BEGIN
{
	printf("%d %d\n", a[1], a[2]);
	exit(0);
}
