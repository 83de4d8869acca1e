/* @args: -q -b 8k */
/* @cpu: 0 */
/* three records of 2k strings fit in 8k, the fourth does not */
#pragma D option strsize=2k
BEGIN { trace("a"); }
BEGIN { trace("b"); }
BEGIN { trace("c"); }
BEGIN { trace("d"); }
BEGIN { exit(0); }
