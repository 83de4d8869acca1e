/* @args: -q */
/* written for D 1.0, a program may use names that later versions took */
#pragma D option version=1.0

int strstr;
int index;

BEGIN
{
	strstr = 3;
	index = 4;
	printf("%d\n", strstr * index);
	exit(0);
}
