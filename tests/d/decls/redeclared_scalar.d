/* @args: -x errtags */
/* @status: 1 */
/* a variable declared again must keep its type */
int x;
int x;
char x;
