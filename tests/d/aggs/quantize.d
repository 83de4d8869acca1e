/* @args: -q */
/* the quantizations and stddev, computed in the kernel */
BEGIN
{
	@q = quantize(0);
	@q = quantize(1);
	@q = quantize(3);
	@q = quantize(-5);
	@q = quantize(1000, 3);
	@l = lquantize(5, 0, 10, 2);
	@l = lquantize(-1, 0, 10, 2);
	@l = lquantize(100, 0, 10, 2);
	@ll = llquantize(55, 10, 0, 3, 10);
	@ll = llquantize(7, 10, 0, 3, 10);
	@ll = llquantize(12345, 10, 0, 3, 10);
	@s = stddev(10);
	@s = stddev(20);
	@s = stddev(60);
	@big = stddev(-3000000000);
	@big = stddev(5000000000);
	exit(0);
}
