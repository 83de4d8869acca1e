"""__cpu_topology(cpu, what): a CPU's physical package (what 0) or NUMA
node (what 1), for the D library's cpuinfo_t.

Like DTrace, which reads the CPUs' chip ids from sysfs when it starts,
the values are read from /sys/devices/system/cpu when the script is
compiled and become a table in the program: a CPU the table does not
name (or a system without the files) reads 0.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CompileError
from ..lang import ast
from .asm import R0, Reg
from .regs import Temp

if TYPE_CHECKING:
    from .expr import ExprGen

SYSFS_CPU = Path("/sys/devices/system/cpu")
CHIP, NODE = 0, 1


def topology(what: int) -> dict[int, int]:
    """CPU number -> its package (CHIP) or NUMA node (NODE), where not 0."""
    found: dict[int, int] = {}
    for d in SYSFS_CPU.glob("cpu[0-9]*"):
        cpu = int(d.name[3:])
        try:
            if what == CHIP:
                value = int((d / "topology" / "physical_package_id").read_text())
            else:
                nodes = [int(n.name[4:]) for n in d.glob("node[0-9]*")]
                value = nodes[0] if nodes else 0
        except (OSError, ValueError):
            continue
        if value:
            found[cpu] = value
    return found


def cpu_topology(g: ExprGen, e: ast.Call) -> Temp:
    what = g.checker.constant(e.args[1])
    if what not in (CHIP, NODE):
        raise CompileError("__cpu_topology( ) argument #2 must be 0 (package) or 1 (node)",
                           "D_PROTO_ARG", e.line)
    cpu = g.gen_int(e.args[0])
    asm = g.asm
    r = g.regs.reg(cpu)
    done = asm.new_label("topo")
    asm.mov(R0, 0)
    for n, value in sorted(topology(what).items()):
        other = asm.new_label("topn")
        asm.jne(r, n, other)
        asm.mov(R0, value)
        asm.ja(done)
        asm.label(other)
    asm.label(done)
    asm.mov(r, Reg(R0))
    cpu.dtype = g.typeof(e)
    return cpu
