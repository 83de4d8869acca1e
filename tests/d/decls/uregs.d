/* @args: -q */
/* uregs[] reads the thread's user registers: dtrace's own stack pointer
   lies in its stack, and the user code segment selector is 0x33 */
BEGIN
{
	printf("%d %d %x %d\n", R_SP, R_TRAPNO, uregs[R_CS], uregs[R_SP] != 0);
	exit(0);
}
