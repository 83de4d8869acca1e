/* @status: 1 */
/*
 * Under bufpolicy=fill the room END needs is set aside: each END record
 * alone fits in 160 bytes, but the three together (88 each in the ring) do not.
 */
#pragma D option bufpolicy=fill
#pragma D option bufsize=160
#pragma D option strsize=64

string s;

BEGIN { exit(0); }
END { printf("%s\n", s); }
END { printf("%s\n", s); }
END { printf("%s\n", s); }
