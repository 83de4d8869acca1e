/* @args: -xquiet=0 -xaggsortkey=yes -xaggsortrev=off */
/* a run-time option given any number is set (0 included); "yes" sets it
   and "off" leaves it unset, as in DTrace */
BEGIN
{
	@[3] = count();
	@[1] = count();
	@[1] = count();
	@[2] = count();
	@[2] = count();
	@[2] = count();
	exit(0);
}
