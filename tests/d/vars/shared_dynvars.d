/* @args: -q */
/* more variables than a program may have maps: variables of one shape
   share a hash, each under its own slot */
BEGIN
{
	a0[0] = 0 * 100 + 0;
	a1[1] = 1 * 100 + 1;
	a2[2] = 2 * 100 + 2;
	a3[3] = 3 * 100 + 3;
	a4[0] = 4 * 100 + 0;
	a5[1] = 5 * 100 + 1;
	a6[2] = 6 * 100 + 2;
	a7[3] = 7 * 100 + 3;
	a8[0] = 8 * 100 + 0;
	a9[1] = 9 * 100 + 1;
	a10[2] = 10 * 100 + 2;
	a11[3] = 11 * 100 + 3;
	a12[0] = 12 * 100 + 0;
	a13[1] = 13 * 100 + 1;
	a14[2] = 14 * 100 + 2;
	a15[3] = 15 * 100 + 3;
	a16[0] = 16 * 100 + 0;
	a17[1] = 17 * 100 + 1;
	a18[2] = 18 * 100 + 2;
	a19[3] = 19 * 100 + 3;
	a20[0] = 20 * 100 + 0;
	a21[1] = 21 * 100 + 1;
	a22[2] = 22 * 100 + 2;
	a23[3] = 23 * 100 + 3;
	a24[0] = 24 * 100 + 0;
	a25[1] = 25 * 100 + 1;
	a26[2] = 26 * 100 + 2;
	a27[3] = 27 * 100 + 3;
	a28[0] = 28 * 100 + 0;
	a29[1] = 29 * 100 + 1;
	a30[2] = 30 * 100 + 2;
	a31[3] = 31 * 100 + 3;
	a32[0] = 32 * 100 + 0;
	a33[1] = 33 * 100 + 1;
	a34[2] = 34 * 100 + 2;
	a35[3] = 35 * 100 + 3;
	a36[0] = 36 * 100 + 0;
	a37[1] = 37 * 100 + 1;
	a38[2] = 38 * 100 + 2;
	a39[3] = 39 * 100 + 3;
	self->t0 = 0 + 1;
	self->t1 = 1 + 1;
	self->t2 = 2 + 1;
	self->t3 = 3 + 1;
	self->t4 = 4 + 1;
	self->t5 = 5 + 1;
	self->t6 = 6 + 1;
	self->t7 = 7 + 1;
	self->t8 = 8 + 1;
	self->t9 = 9 + 1;
	self->t10 = 10 + 1;
	self->t11 = 11 + 1;
	self->t12 = 12 + 1;
	self->t13 = 13 + 1;
	self->t14 = 14 + 1;
	self->t15 = 15 + 1;
	self->t16 = 16 + 1;
	self->t17 = 17 + 1;
	self->t18 = 18 + 1;
	self->t19 = 19 + 1;
	name0["k", 0] = "v0";
	self->per0[0] = 0 * 2;
	name1["k", 1] = "v1";
	self->per1[1] = 1 * 2;
	name2["k", 2] = "v2";
	self->per2[2] = 2 * 2;
	name3["k", 3] = "v3";
	self->per3[3] = 3 * 2;
	name4["k", 4] = "v4";
	self->per4[4] = 4 * 2;
	name5["k", 5] = "v5";
	self->per5[5] = 5 * 2;
	name6["k", 6] = "v6";
	self->per6[6] = 6 * 2;
	name7["k", 7] = "v7";
	self->per7[7] = 7 * 2;
	name8["k", 8] = "v8";
	self->per8[8] = 8 * 2;
	name9["k", 9] = "v9";
	self->per9[9] = 9 * 2;
}

BEGIN
{
	/* storing zero deletes one variable's element, not another's with the same key */
	a1[1] = 0;
	self->t1 = 0;
	printf("%d %d %d %d\n", a1[1], a5[1], self->t1, self->t2);
	printf("%d\n", a0[0] + a1[1] + a2[2] + a3[3] + a4[0] + a5[1] + a6[2] + a7[3] + a8[0] + a9[1] + a10[2] + a11[3] + a12[0] + a13[1] + a14[2] + a15[3] + a16[0] + a17[1] + a18[2] + a19[3] + a20[0] + a21[1] + a22[2] + a23[3] + a24[0] + a25[1] + a26[2] + a27[3] + a28[0] + a29[1] + a30[2] + a31[3] + a32[0] + a33[1] + a34[2] + a35[3] + a36[0] + a37[1] + a38[2] + a39[3]);
	printf("%d\n", self->t0 + self->t1 + self->t2 + self->t3 + self->t4 + self->t5 + self->t6 + self->t7 + self->t8 + self->t9 + self->t10 + self->t11 + self->t12 + self->t13 + self->t14 + self->t15 + self->t16 + self->t17 + self->t18 + self->t19);
	printf("%s %d\n", name0["k", 0], self->per0[0]);
	printf("%s %d\n", name1["k", 1], self->per1[1]);
	printf("%s %d\n", name2["k", 2], self->per2[2]);
	printf("%s %d\n", name3["k", 3], self->per3[3]);
	printf("%s %d\n", name4["k", 4], self->per4[4]);
	printf("%s %d\n", name5["k", 5], self->per5[5]);
	printf("%s %d\n", name6["k", 6], self->per6[6]);
	printf("%s %d\n", name7["k", 7], self->per7[7]);
	printf("%s %d\n", name8["k", 8], self->per8[8]);
	printf("%s %d\n", name9["k", 9], self->per9[9]);
	exit(0);
}
