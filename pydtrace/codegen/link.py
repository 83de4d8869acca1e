"""Trampolines + clauses -> one BPF program per probe.

    prologue:   save ctx, look machine state up (R9), stop if draining
    trampoline: the provider fills probe id, arg0..arg9, errno
    clauses:    every clause enabled on this probe, in script order
"""

from __future__ import annotations

from dataclasses import dataclass

from ..bpf.consts import Helper
from ..lang import ast
from ..lang.check import Checker
from ..lang.walk import builtin_names
from ..providers.base import Probe
from .asm import DW, FP, R0, R1, R2, R6, R9, Asm, Reg, W
from .clause import ClauseGen
from .context import G_ACTIVITY, MS_ERRNO, MS_TIMESTAMP, CompileContext
from .layout import ClauseLayout, EnabledProbe
from .regs import FP_CTX, FP_KEY


@dataclass
class ProgramPlan:
    probe: Probe
    asm: Asm
    enabled: list[EnabledProbe]


def build_program(
    ctx: CompileContext,
    checker: Checker,
    probe: Probe,
    clauses: list[tuple[int, ast.Clause, ClauseLayout, int]],
    quiet: bool,
) -> Asm:
    asm = Asm()
    out = asm.new_label("out")
    asm.stx(DW, FP, FP_CTX, R1)
    asm.mov(R6, Reg(R1))
    asm.st(W, FP, FP_KEY, 0)
    asm.ld_map_fd(R1, "mstate")
    asm.mov(R2, Reg(FP))
    asm.add(R2, FP_KEY)
    asm.call(Helper.map_lookup_elem)
    asm.jeq(R0, 0, out)
    asm.mov(R9, Reg(R0))
    if not probe.provider.fires_itself:
        # nothing records before BEGIN has fired, nor after exit(), as in DTrace
        asm.ld_map_value(R1, "globals", G_ACTIVITY)
        asm.ldx(DW, R1, R1, 0)
        asm.jne(R1, 0, out)
    used = builtin_names([c for _, c, _, _ in clauses])
    if used & {"timestamp", "walltimestamp"}:
        asm.st(DW, R9, MS_TIMESTAMP, 0)
    if "errno" in used and probe.provider.name != "syscall":
        asm.st(DW, R9, MS_ERRNO, 0)  # only system calls set errno
    # the trampoline fills only what the clauses read: a firing costs less
    probe.provider.trampoline(asm, probe, frozenset(
        i for i in range(10) if f"arg{i}" in used) | ({-1} if "errno" in used else set()))
    for _index, clause, layout, epid in clauses:
        ClauseGen(ctx, checker, asm, probe.info, clause, layout, epid, quiet).emit()
    asm.label(out)
    asm.mov(R0, 0)
    asm.exit()
    return asm
