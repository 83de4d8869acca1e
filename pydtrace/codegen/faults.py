"""Run-time faults: the clause is abandoned and the consumer told why.

A fault stores its code, the faulting value and the action number in machine
state and jumps to the clause's fault path, which discards the clause's
record and writes an error record instead (see clause.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lang import ast

if TYPE_CHECKING:
    from .expr import ExprGen

# DTrace's fault codes (the consumer knows their names)
FAULT_BADADDR = 1
FAULT_BADALIGN = 2
FAULT_ILLOP = 3
FAULT_DIVZERO = 4
FAULT_NOSCRATCH = 5
FAULT_KPRIV = 6
FAULT_UPRIV = 7
FAULT_TUPOFLOW = 8
FAULT_BADSTACK = 9
FAULT_BADSIZE = 10
FAULT_BADINDEX = 11

FAULT_NAMES = {
    FAULT_BADADDR: "invalid address",
    FAULT_BADALIGN: "invalid alignment",
    FAULT_ILLOP: "illegal operation",
    FAULT_DIVZERO: "divide-by-zero",
    FAULT_NOSCRATCH: "out of scratch space",
    FAULT_KPRIV: "invalid kernel access",
    FAULT_UPRIV: "invalid user access",
    FAULT_TUPOFLOW: "tuple stack overflow",
    FAULT_BADSTACK: "bad stack",
    FAULT_BADSIZE: "invalid size",
    FAULT_BADINDEX: "index out of bounds",
}


def fault_message(code: int, addr: int) -> str:
    """The fault as DTrace names it, with the value that caused it."""
    what = FAULT_NAMES.get(code, "unknown fault")
    if code == FAULT_BADADDR and addr == 0xFFFFFFFFFFFFFFFF:
        return what  # no address to tell
    if code in (FAULT_BADADDR, FAULT_BADALIGN, FAULT_BADSTACK, FAULT_BADSIZE):
        return f"{what} ({addr:#x})"
    if code == FAULT_BADINDEX:
        return f"{what} ({addr - (1 << 64) if addr >= 1 << 63 else addr})"
    return what

MS_FAULT = 112  # u32 code, u32 statement number
MS_FAULT_ADDR = 120
MS_FAULT_PC = 132  # u32 after the enabled probe id (context.MS_FAULT_EPID)


def check_divisor(g: ExprGen, reg: int, e: ast.Expr) -> None:
    g.fault_if_zero(reg, FAULT_DIVZERO)
