"""__psargs(start, end): a command line as ps(1) shows it, for pr_psargs.

The D library's psinfo_t translator calls this (it is not one of DTrace's
subroutines): Linux keeps a process's arguments in its own memory between
mm->arg_start and mm->arg_end, each ending in a NUL.  The first
PSARGS_SIZE - 1 bytes are read, and every NUL but the last one read
becomes a space, so the result has no trailing space.  The memory is the
current process's, which is why the library only asks for its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..lang import ast
from .asm import DW, R0, R1, R2, R3, R9, B, Reg
from .regs import Temp
from .strings import clamp, load_below, may_goto, result_at, slots

if TYPE_CHECKING:
    from .expr import ExprGen

#: bytes of pr_psargs, its NUL included
PSARGS_SIZE = 80


def psargs(g: ExprGen, e: ast.Call) -> Temp:
    asm = g.asm
    n = PSARGS_SIZE
    buf = g.scratch.alloc(n + 8)
    v_len, v_i = slots(g, 2)
    start = g.gen_int(e.args[0])
    end = g.gen_int(e.args[1])
    for off in range(0, n + 8, 8):
        asm.st(DW, R9, buf + off, 0)
    asm.st(DW, R9, v_len, 0)
    done, loop, nxt = asm.new_label("psd"), asm.new_label("psl"), asm.new_label("psn")
    # R2 = the bytes to read: end - start, at most n - 1, nothing if end <= start
    g.regs.load_into(R2, end)
    g.regs.load_into(R3, start)
    asm.jcc("jle", R2, Reg(R3), done)
    asm.sub(R2, Reg(R3))
    clamp(g, R2, n - 1)
    asm.stx(DW, R9, v_len, R2)
    # R2 stays as clamped: the verifier must see its bounds at the call
    g.call(Helper.probe_read_user, g.ms_addr(buf), lambda reg: None, start)
    g.regs.release(start, end)
    asm.jcc("jsge", R0, 0, nxt)
    asm.st(DW, R9, v_len, 0)
    asm.st(B, R9, buf, 0)
    asm.ja(done)
    asm.label(nxt)
    asm.st(DW, R9, v_i, 0)
    asm.label(loop)
    may_goto(g, done)
    load_below(g, R1, v_i, n - 1, done)
    asm.ldx(DW, R2, R9, v_len)
    asm.mov(R3, Reg(R1))
    asm.add(R3, 1)
    asm.jcc("jge", R3, Reg(R2), done)  # the last byte read keeps its NUL
    asm.stx(DW, R9, v_i, R3)
    asm.add(R1, Reg(R9))
    asm.ldx(B, R0, R1, buf)
    asm.jne(R0, 0, loop)
    asm.st(B, R1, buf, ord(" "))
    asm.ja(loop)
    asm.label(done)
    return result_at(g, e, buf)
