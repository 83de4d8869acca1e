/* @args: -q */
/* setopt() changes run-time options while tracing; DTrace's messages for an
   unknown option, a bad value and an option fixed once tracing started */
BEGIN
{
	setopt("nosuchoption");
	setopt("quiet", "perhaps");
	setopt("bufsize", "2m");
	setopt("quiet");
	setopt("aggsortrev", "1");
	printf("still quiet\n");
	exit(0);
}
