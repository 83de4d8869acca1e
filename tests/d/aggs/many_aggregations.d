/* @args: -q */
/* more aggregations than a program may have maps: they share maps */
BEGIN
{
	/* forty keyed sums of one shape share one hash, keyed by slot */
	@s0[0, "k"] = sum(0 * 10);
	@s1[1, "k"] = sum(1 * 10);
	@s2[2, "k"] = sum(2 * 10);
	@s3[3, "k"] = sum(3 * 10);
	@s4[4, "k"] = sum(4 * 10);
	@s5[5, "k"] = sum(5 * 10);
	@s6[6, "k"] = sum(6 * 10);
	@s7[7, "k"] = sum(7 * 10);
	@s8[8, "k"] = sum(8 * 10);
	@s9[9, "k"] = sum(9 * 10);
	@s10[10, "k"] = sum(10 * 10);
	@s11[11, "k"] = sum(11 * 10);
	@s12[12, "k"] = sum(12 * 10);
	@s13[13, "k"] = sum(13 * 10);
	@s14[14, "k"] = sum(14 * 10);
	@s15[15, "k"] = sum(15 * 10);
	@s16[16, "k"] = sum(16 * 10);
	@s17[17, "k"] = sum(17 * 10);
	@s18[18, "k"] = sum(18 * 10);
	@s19[19, "k"] = sum(19 * 10);
	@s20[20, "k"] = sum(20 * 10);
	@s21[21, "k"] = sum(21 * 10);
	@s22[22, "k"] = sum(22 * 10);
	@s23[23, "k"] = sum(23 * 10);
	@s24[24, "k"] = sum(24 * 10);
	@s25[25, "k"] = sum(25 * 10);
	@s26[26, "k"] = sum(26 * 10);
	@s27[27, "k"] = sum(27 * 10);
	@s28[28, "k"] = sum(28 * 10);
	@s29[29, "k"] = sum(29 * 10);
	@s30[30, "k"] = sum(30 * 10);
	@s31[31, "k"] = sum(31 * 10);
	@s32[32, "k"] = sum(32 * 10);
	@s33[33, "k"] = sum(33 * 10);
	@s34[34, "k"] = sum(34 * 10);
	@s35[35, "k"] = sum(35 * 10);
	@s36[36, "k"] = sum(36 * 10);
	@s37[37, "k"] = sum(37 * 10);
	@s38[38, "k"] = sum(38 * 10);
	@s39[39, "k"] = sum(39 * 10);
	/* keyless ones share arrays, one element each */
	@c0 = count();
	@c0 = count();
	@c1 = count();
	@c2 = count();
	@c3 = count();
	@c3 = count();
	@c4 = count();
	@c5 = count();
	@c6 = count();
	@c6 = count();
	@c7 = count();
	@c8 = count();
	@c9 = count();
	@c9 = count();
	@c10 = count();
	@c11 = count();
	@m0 = max(0 - 3);
	@m1 = max(1 - 3);
	@m2 = max(2 - 3);
	@m3 = max(3 - 3);
	@m4 = max(4 - 3);
	@m5 = max(5 - 3);
	/* more shapes than the maps allowed: sizes are rounded up */
	@l0["w", 0] = lquantize(0, 0, 8, 1);
	@l0["w", 0] = lquantize(0 + 1, 0, 8, 1);
	@l1["w", 1] = lquantize(1, 0, 11, 1);
	@l1["w", 1] = lquantize(1 + 1, 0, 11, 1);
	@l2["w", 2] = lquantize(2, 0, 14, 1);
	@l2["w", 2] = lquantize(2 + 1, 0, 14, 1);
	@l3["w", 3] = lquantize(3, 0, 17, 1);
	@l3["w", 3] = lquantize(3 + 1, 0, 17, 1);
	@l4["w", 4] = lquantize(4, 0, 20, 1);
	@l4["w", 4] = lquantize(4 + 1, 0, 20, 1);
	@l5["w", 5] = lquantize(5, 0, 23, 1);
	@l5["w", 5] = lquantize(5 + 1, 0, 23, 1);
	@l6["w", 6] = lquantize(6, 0, 26, 1);
	@l6["w", 6] = lquantize(6 + 1, 0, 26, 1);
	@l7["w", 7] = lquantize(7, 0, 29, 1);
	@l7["w", 7] = lquantize(7 + 1, 0, 29, 1);
	@l8["w", 8] = lquantize(8, 0, 32, 1);
	@l8["w", 8] = lquantize(8 + 1, 0, 32, 1);
	@l9["w", 9] = lquantize(9, 0, 35, 1);
	@l9["w", 9] = lquantize(9 + 1, 0, 35, 1);
	@q[execname] = quantize(1000);
	@st[1, 2, 3] = stddev(4);
	@st[1, 2, 3] = stddev(8);
	@av["avg"] = avg(10);
	@av["avg"] = avg(20);
	@mn[-1] = min(5);
	@mn[-1] = min(-5);
	@t[1] = count(); @t[2] = count(); @t[2] = count(); @t[3] = count();
	@u[1] = count(); @u[2] = count();
}

BEGIN
{
	/* trunc and clear touch one aggregation of a shared hash, no other */
	trunc(@t, 1);
	clear(@u);
	printa("u %d %@d\n", @u);
	exit(0);
}

