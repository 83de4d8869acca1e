/* @args: -x errtags */
/* @status: 1 */
/* one translator per input and output type */
struct in { int a; };
struct out { int x; };

translator struct out < struct in *p > { x = p->a; };
translator struct out < struct in *q > { x = q->a + 1; };
