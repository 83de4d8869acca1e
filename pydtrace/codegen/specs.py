"""Speculative tracing: speculation(), speculate(), commit(), discard().

The kernel side only hands out buffer ids: one array element per buffer,
claimed with an atomic compare-and-swap from free (0) to active (1).  A clause
that speculates tags its record with the id; the consumer holds such records
until a commit() record (then prints them) or a discard() record (then drops
them), and frees the id again, so records never need copying in the kernel.
commit() and discard() mark the buffer draining (2) at once, so that, as in
DTrace, nothing more is speculated into it; speculating on a buffer that is
not active abandons the clause.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..errors import CompileError
from ..lang import ast
from ..types.dtypes import INT
from .asm import ATOMIC, DW, FP, R0, R1, R2, R9, STX, Insn, Reg, W
from .context import MS_SPEC_FAILS
from .regs import FP_KEY, Temp

if TYPE_CHECKING:
    from .clause import ClauseGen
    from .expr import ExprGen

BPF_CMPXCHG = 0xF0 | 0x01  # with BPF_FETCH: R0 gets the old value
SPEC_FREE, SPEC_ACTIVE, SPEC_DRAINING = 0, 1, 2


def speculation(g: ExprGen, e: ast.Call) -> Temp:
    """The id of a free speculative buffer, or 0 (a failed speculation)."""
    asm = g.asm
    nspec = g.ctx.nspec
    result = g.regs.alloc(INT)
    r = result.reg
    assert r is not None
    done = asm.new_label("spec")
    for i in range(nspec):
        asm.st(DW, FP, FP_KEY, i)
        g.call(Helper.map_lookup_elem, g.map_fd("specs"), g.fp_addr(FP_KEY))
        nxt = asm.new_label("specn")
        asm.jeq(R0, 0, nxt)
        asm.mov(R1, Reg(R0))
        asm.mov(R0, 0)
        asm.mov(R2, 1)
        asm.emit(Insn(STX | ATOMIC | DW, R1, R2, 0, BPF_CMPXCHG))
        asm.jne(R0, 0, nxt)  # somebody else holds it
        asm.mov(r, i + 1)
        asm.ja(done)
        asm.label(nxt)
    asm.mov(r, 0)
    asm.ldx(DW, R1, R9, MS_SPEC_FAILS)
    asm.add(R1, 1)
    asm.stx(DW, R9, MS_SPEC_FAILS, R1)
    asm.label(done)
    return result


def check_order(calls: list[tuple[str, int]]) -> None:
    """DTrace's rules on what may follow speculate() and commit() in a clause.

    ``calls``: (kind, line) in statement order, kind one of "speculate",
    "commit", "discard", "data" (a data-recording action), "exit", "agg",
    "destructive" (system(), raise(), ...).
    """
    seen_spec = seen_commit = seen_data = False
    for kind, line in calls:
        if kind == "speculate":
            if seen_spec:
                raise CompileError("speculate( ) may not follow speculate( )", "D_SPEC_SPEC", line)
            if seen_commit:
                raise CompileError("speculate( ) may not follow commit( )", "D_SPEC_COMM", line)
            if seen_data:
                raise CompileError("speculate( ) may not follow data-recording action(s)",
                                   "D_SPEC_DREC", line)
            seen_spec = True
        elif kind == "commit":
            if seen_data:
                raise CompileError("commit( ) may not follow data-recording action(s)",
                                   "D_COMM_DREC", line)
            seen_commit = True
        elif kind == "agg":
            if seen_spec:
                raise CompileError("aggregating actions may not follow speculate( )",
                                   "D_AGG_SPEC", line)
            if seen_commit:
                raise CompileError("aggregating actions may not follow commit( )",
                                   "D_AGG_COMM", line)
        elif kind in ("data", "exit", "destructive"):
            if kind == "destructive" and seen_spec:
                raise CompileError("destructive actions may not follow speculate( )",
                                   "D_ACT_SPEC", line)
            if seen_commit:
                raise CompileError("data-recording actions may not follow commit( )",
                                   "D_DREC_COMM", line)
            if kind == "exit" and seen_spec:
                raise CompileError("exit( ) may not follow speculate( )", "D_EXIT_SPEC", line)
            seen_data = True


def spec_entry(cg: ClauseGen, id_reg: int, missing: str) -> None:
    """R0 = the specs element of buffer id ``id_reg`` (1..nspec), else go to ``missing``."""
    asm, g = cg.asm, cg.g
    asm.jeq(id_reg, 0, missing)
    asm.jcc("jgt", id_reg, cg.ctx.nspec, missing)
    asm.sub(id_reg, 1)
    asm.stx(W, FP, FP_KEY, id_reg)
    g.call(Helper.map_lookup_elem, g.map_fd("specs"), g.fp_addr(FP_KEY))
    asm.jeq(R0, 0, missing)


def speculate_guard(cg: ClauseGen, id_reg: int) -> None:
    """speculate() on a buffer that is not active abandons the clause, as in DTrace
    (speculate(0) included)."""
    asm = cg.asm
    bad, ok = asm.new_label("nospec"), asm.new_label("spec")
    spec_entry(cg, id_reg, bad)
    asm.ldx(DW, R1, R0, 0)
    asm.jeq(R1, SPEC_ACTIVE, ok)
    asm.label(bad)
    cg.drop_clause()
    asm.label(ok)


def mark_draining(cg: ClauseGen, id_reg: int) -> None:
    """commit()/discard(): no more speculation into this buffer until it is freed."""
    asm = cg.asm
    done = asm.new_label("drained")
    spec_entry(cg, id_reg, done)
    asm.ldx(DW, R1, R0, 0)
    asm.jne(R1, SPEC_ACTIVE, done)
    asm.st(DW, R0, 0, SPEC_DRAINING)
    asm.label(done)
