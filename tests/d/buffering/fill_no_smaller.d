/* @args: -q */
/*
 * Once a record does not fit in a fill buffer, the buffer counts as full:
 * a smaller record that would still fit is not taken either.  Records of 24,
 * 88 and 88 bytes: the third does not fit in 160.  BEGIN filling the buffer
 * ends the run before any other probe records.
 */
#pragma D option bufpolicy=fill
#pragma D option bufsize=160
#pragma D option strsize=64

string s;

BEGIN { s = "second"; printf("%d\n", 1); }
BEGIN { printf("%s\n", s); }
BEGIN { printf("%s\n", s); }
BEGIN { printf("%d\n", 4); }
tick-1ms { printf("never\n"); }
