/* @args: -x oformat=json */
/* @cpu: 0 */
/* -x oformat=json: each record, error and aggregation is one JSON object
   per line; values keep their types */
BEGIN
{
	printf("%s has %d\n", "answer", 42);
	trace("text");
	trace(-3);
	trace((unsigned char)300);
	@count["a", 1] = count();
	@count["a", 1] = count();
	@count["b", 2] = count();
	@sum = sum(-5);
	@avg = avg(3);
	@avg = avg(4);
	@q = quantize(100);
	@q = quantize(0);
	@l = lquantize(5, 0, 10, 2);
	@l = lquantize(50, 0, 10, 2);
	@ll = llquantize(1500, 10, 0, 6, 10);
	printa(@sum);
}

BEGIN
{
	x = *(int *)0;
}

BEGIN
{
	exit(0);
}
