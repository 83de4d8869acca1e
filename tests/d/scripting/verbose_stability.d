/* @args: -qv */
/* a description that names no provider has DTrace's Unstable attributes;
   dtrace:::END names the stable dtrace provider and its stable END probe */
BEGIN
{
	exit(0);
}
dtrace:::END
{
}
