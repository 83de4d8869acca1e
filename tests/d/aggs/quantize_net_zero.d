/* @args: -q */
/* increments that cancel out leave a histogram of zeros, still printed */
BEGIN
{
	@q = quantize(5, 3);
	@q = quantize(5, -3);
	@l = lquantize(2, 0, 4, 1, 7);
	@l = lquantize(2, 0, 4, 1, -7);
	exit(0);
}
