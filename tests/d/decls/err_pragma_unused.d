/* @args: -xerrtags */
/* @status: 1 */
/* a #pragma D attributes whose identifier the program never declares is
   reported at the pragma's line once the program has been read; a function
   prototype declares no identifier */
void helper(int);

#pragma D attributes Evolving/Evolving/Common declared_later
#pragma D attributes Stable/Stable/Common helper

int declared_later;

BEGIN
{
	exit(0);
}
