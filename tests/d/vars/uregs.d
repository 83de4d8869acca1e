/* @args: -q */
/* uregs[] reads the user registers saved at kernel entry: in user mode on
   x86_64 the code and stack segment selectors are 0x33 and 0x2b; the R_*
   names are regs.d's inline constants */
BEGIN
{
	printf("cs=%x ss=%x\n", uregs[R_CS], uregs[R_SS]);
	printf("pc=%d sp=%d fp=%d r0=%d trapno=%d\n", R_PC, R_SP, R_FP, R_R0, R_TRAPNO);
	printf("pc is user: %d\n", uregs[R_PC] != 0 && uregs[R_PC] < 0x800000000000);
	exit(0);
}
