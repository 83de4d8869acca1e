/* @args: -q */
/* cpuinfo_t: curcpu is the CPU the probe fires on; chip, lgrp and pset
   are its members; any CPU number translates */
BEGIN
{
	printf("%d %d %d %d\n", curcpu->cpu_id == cpu, chip == curcpu->cpu_chip,
	    lgrp == curcpu->cpu_lgrp, pset);
	this->c = xlate <cpuinfo_t> (1);
	printf("%d %d %d\n", this->c.cpu_id, this->c.cpu_pset, sizeof (cpuinfo_t));
	/* its address is an integer like any other */
	printf("%d\n", ((int64_t)curcpu >> 8) != 0);
	exit(0);
}
