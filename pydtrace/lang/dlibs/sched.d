/*
 * The CPU model of DTrace's sched provider: cpuinfo_t for a CPU, curcpu
 * for the one the probe fires on, and cpu's companions chip, lgrp and
 * pset as inlines of it.
 *
 * The chip is the CPU's physical package and the locality group its NUMA
 * node, as the system's CPU topology gives them when the script is
 * compiled; Linux has no processor sets, so every CPU is in set 0.
 */

typedef id_t processorid_t;
typedef id_t psetid_t;
typedef id_t chipid_t;
typedef id_t lgrp_id_t;

typedef struct cpuinfo {
	processorid_t cpu_id;	/* CPU number */
	psetid_t cpu_pset;	/* processor set (always 0) */
	chipid_t cpu_chip;	/* physical package */
	lgrp_id_t cpu_lgrp;	/* NUMA node */
	void *cpu_info;		/* (none on Linux: NULL) */
} cpuinfo_t;

typedef cpuinfo_t *cpuinfo_t_p;

translator cpuinfo_t < int C >
{
	cpu_id = C;
	cpu_pset = 0;
	cpu_chip = __cpu_topology(C, 0);
	cpu_lgrp = __cpu_topology(C, 1);
};

inline cpuinfo_t *curcpu = xlate <cpuinfo_t *> ((int)cpu);

inline chipid_t chip = curcpu->cpu_chip;
inline lgrp_id_t lgrp = curcpu->cpu_lgrp;
inline psetid_t pset = curcpu->cpu_pset;
