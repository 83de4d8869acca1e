/* @args: -xerrtags */
/* @status: 1 */
/* enumerators count up past INT_MAX */
enum e {
	BIG = 2147483647,
	BIGGER
};
