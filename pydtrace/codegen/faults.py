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

FAULT_NAMES = {
    FAULT_BADADDR: "invalid address",
    FAULT_BADALIGN: "invalid alignment",
    FAULT_ILLOP: "illegal operation",
    FAULT_DIVZERO: "divide-by-zero",
    FAULT_NOSCRATCH: "out of scratch space",
}

MS_FAULT = 112  # u32 code, u32 action number
MS_FAULT_ADDR = 120


def check_divisor(g: ExprGen, reg: int, e: ast.Expr) -> None:
    g.fault_if_zero(reg, FAULT_DIVZERO)
