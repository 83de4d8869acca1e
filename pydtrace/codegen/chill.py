"""chill(ns): spin in the probe for ``ns`` nanoseconds.

BPF cannot loop on the clock by itself (the verifier must see every loop
end), so the spin is bpf_loop() calling a callback that stops once the
deadline has passed.  A chill longer than DTrace allows is an illegal
operation, as in DTrace.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..lang import ast
from .asm import DW, FP, R0, R1, R2, R3, R4, R6, Asm, Reg
from .faults import FAULT_ILLOP
from .regs import FP_KEY

if TYPE_CHECKING:
    from .clause import ClauseGen

#: the longest a chill() may spin, as in DTrace (dtrace_chill_max)
CHILL_MAX_NS = 500_000_000
#: bpf_loop()'s most iterations; each reads the clock once
LOOP_MAX = 1 << 23
CALLBACK = ".chill_until"


def emit_chill(cg: ClauseGen, call: ast.Call) -> None:
    g, asm = cg.g, cg.asm
    ns = g.gen(call.args[0])
    r = g.regs.reg(ns)
    ok = asm.new_label("chill_ok")
    asm.mov(R1, CHILL_MAX_NS)
    asm.jcc("jle", r, Reg(R1), ok)  # unsigned: a negative time is too long as well
    asm.mov(R1, 0)
    cg.fault_if_zero(R1, FAULT_ILLOP)
    asm.label(ok)
    asm.call(Helper.ktime_get_ns)
    r = g.regs.reg(ns)
    asm.add(R0, Reg(r))
    g.regs.release(ns)
    asm.stx(DW, FP, FP_KEY, R0)  # the deadline, where the callback reads it
    # one bpf_loop() reads the clock some 8 million times, a few hundred
    # milliseconds: twice covers the longest chill allowed
    for _ in range(2):
        asm.mov(R1, LOOP_MAX)
        asm.ld_func(R2, CALLBACK)
        asm.mov(R3, Reg(FP))
        asm.add(R3, FP_KEY)
        asm.mov(R4, 0)
        asm.call(Helper.loop)
    asm.trailers.setdefault(CALLBACK, _until_deadline)


def _until_deadline(asm: Asm) -> None:
    """long cb(u32 index, u64 *deadline): 1 (stop) once the clock passes it."""
    done = asm.new_label("chilled")
    asm.mov(R6, Reg(R2))
    asm.call(Helper.ktime_get_ns)
    asm.ldx(DW, R1, R6, 0)
    asm.jcc("jge", R0, Reg(R1), done)
    asm.mov(R0, 0)
    asm.exit()
    asm.label(done)
    asm.mov(R0, 1)
    asm.exit()
