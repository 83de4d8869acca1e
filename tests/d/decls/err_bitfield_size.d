/* @args: -xerrtags */
/* @status: 1 */
/* a bit-field wider than its type */
struct s {
	short f : 17;
};
