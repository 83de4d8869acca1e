/* @args: -q */
/* if/else with actions on either side, nested */
BEGIN
{
	x = 3;
	if (x > 2) {
		printf("big\n");
		if (x == 3)
			printf("three\n");
		else
			printf("not three\n");
	} else {
		printf("small\n");
	}
	if (x < 0)
		printf("negative\n");
	printf("done\n");
	exit(0);
}
