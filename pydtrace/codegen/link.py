"""Trampolines + clauses -> one BPF program per probe.

    prologue:   save ctx, look machine state up (R9), stop if draining
    trampoline: the provider fills probe id, arg0..arg9, errno
    clauses:    every clause enabled on this probe, in script order
"""

from __future__ import annotations

from dataclasses import dataclass

from ..bpf.consts import Helper
from ..errors import DTraceError
from ..lang import ast
from ..lang.check import Checker
from ..lang.walk import builtin_names
from ..providers.base import Probe
from .asm import DW, FP, R0, R1, R2, R6, R9, Asm, Reg, W
from .clause import ClauseGen
from .context import (
    ACTIVITY_DRAINING,
    G_ACTIVITY,
    MS_ARGS,
    MS_ERRNO,
    MS_FAULT_PRID,
    MS_TIMESTAMP,
    CompileContext,
)
from .faults import MS_FAULT, MS_FAULT_ADDR, MS_FAULT_PC
from .layout import ClauseLayout, EnabledProbe
from .regs import FP_CTX, FP_KEY, FP_SAVED_ARGS

#: the kernel's limit on the maps one program uses (MAX_USED_MAPS)
MAX_PROGRAM_MAPS = 64


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
    error: tuple[Probe, list[tuple[int, ast.Clause, ClauseLayout, int]]] | None = None,
) -> Asm:
    """One probe's program; ``error`` is the ERROR probe and its clauses,
    which run (in this program, in the faulting context) after a fault."""
    asm = Asm()
    out = asm.new_label("out")
    on_error = asm.new_label("error") if error and error[0].id != probe.id else None
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
    faulted = False
    may_have_exited = False
    for stmt, clause, layout, epid in clauses:
        if may_have_exited and probe.info.name != "END":
            # after exit() no further clause of this firing runs, as in DTrace
            # (END fires after exit(): all its clauses run)
            asm.ld_map_value(R1, "globals", G_ACTIVITY)
            asm.ldx(DW, R1, R1, 0)
            asm.jeq(R1, ACTIVITY_DRAINING, out)
        gen = ClauseGen(ctx, checker, asm, probe.info, clause, layout, epid, quiet, on_error,
                        out, stmt)
        gen.emit()
        faulted = faulted or bool(gen.fault_used)
        may_have_exited = may_have_exited or any(a.kind == "exit" for a in layout.actions)
    asm.label(out)
    asm.mov(R0, 0)
    asm.exit()
    if on_error and error and faulted:
        # a subprogram: it gets machine state in R1 and a stack frame of its own
        asm.label(on_error)
        asm.mov(R9, Reg(R1))
        error_probe(ctx, checker, asm, error[0], error[1], quiet)
        asm.mov(R0, 0)
        asm.exit()
    for label, emit in asm.trailers.items():
        asm.label(label)
        emit(asm)
    check_map_count(asm, probe)
    return asm


def check_map_count(asm: Asm, probe: Probe) -> None:
    """Refuse, in DTrace's words, a program the kernel would refuse for using
    too many maps."""
    used = {insn.map_name for insn in asm.insns if insn.map_name is not None}
    if len(used) > MAX_PROGRAM_MAPS:
        raise DTraceError(
            f"could not enable tracing: {probe.info.fullname} needs {len(used)} maps, "
            f"more than the {MAX_PROGRAM_MAPS} the kernel allows one BPF program")


def error_probe(ctx: CompileContext, checker: Checker, asm: Asm, probe: Probe,
                clauses: list[tuple[int, ast.Clause, ClauseLayout, int]], quiet: bool) -> None:
    """ERROR's arguments from the fault, then its clauses.

    As in DTrace 2.x: arg1 the probe that faulted, arg2 the statement, arg3
    the BPF pc, arg4 the fault, arg5 the faulting address.  The faulting
    probe's own arguments are kept in this subprogram's frame and put back
    afterwards: the clauses after the faulting one still see them.
    """
    for i in range(10):
        asm.ldx(DW, R1, R9, MS_ARGS + 8 * i)
        asm.stx(DW, FP, FP_SAVED_ARGS + 8 * i, R1)
    asm.st(DW, R9, MS_ARGS, 0)
    asm.ldx(W, R1, R9, MS_FAULT_PRID)
    asm.stx(DW, R9, MS_ARGS + 8, R1)
    asm.ldx(W, R1, R9, MS_FAULT + 4)
    asm.stx(DW, R9, MS_ARGS + 16, R1)
    asm.ldx(W, R1, R9, MS_FAULT_PC)
    asm.stx(DW, R9, MS_ARGS + 24, R1)
    asm.ldx(W, R1, R9, MS_FAULT)
    asm.stx(DW, R9, MS_ARGS + 32, R1)
    asm.ldx(DW, R1, R9, MS_FAULT_ADDR)
    asm.stx(DW, R9, MS_ARGS + 40, R1)
    for i in range(6, 10):
        asm.st(DW, R9, MS_ARGS + 8 * i, 0)
    for stmt, clause, layout, epid in clauses:
        ClauseGen(ctx, checker, asm, probe.info, clause, layout, epid, quiet, stmt=stmt).emit()
    for i in range(10):
        asm.ldx(DW, R1, FP, FP_SAVED_ARGS + 8 * i)
        asm.stx(DW, R9, MS_ARGS + 8 * i, R1)
