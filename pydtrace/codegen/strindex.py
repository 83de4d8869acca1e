"""``s[i]`` on a D string: the character at position i; ``s + i``: the
string from position i.

DTrace treats a string as the address of its characters, so indexing a NULL
string faults at address i (NULL + i).  An index outside the string's
buffer faults the same way: there is no memory of ours to read there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lang import ast
from .asm import R0, R1, B, Reg
from .faults import FAULT_BADADDR
from .nullstr import null_flag
from .regs import Temp

if TYPE_CHECKING:
    from .expr import ExprGen


def string_index(g: ExprGen, e: ast.Index) -> Temp:
    s = g.gen(e.base)
    i = g.gen_int(e.indices[0])
    rs, ri = g.regs.reg(s, i), g.regs.reg(i, s)
    asm = g.asm
    size = g.ctx.string_size(s.dtype)
    null_flag(g, rs, R0)
    asm.neg(R0)  # -1 for NULL
    g.fault_if_negative(R0, FAULT_BADADDR, ri)  # type: ignore[attr-defined]
    inside = asm.new_label("sidx")
    asm.mov(R0, 0)
    asm.jcc("jlt", ri, size, inside)
    asm.mov(R0, -1)
    asm.label(inside)
    g.fault_if_negative(R0, FAULT_BADADDR, ri)  # type: ignore[attr-defined]
    # the verifier wants the bound it just saw proven on this path too
    asm.mov(R1, Reg(ri))
    ok = asm.new_label("sidxok")
    asm.jcc("jlt", R1, size, ok)
    asm.mov(R1, 0)
    asm.label(ok)
    asm.add(rs, Reg(R1))
    asm.ldx(B, rs, rs, 0)
    g.regs.release(i)
    s.dtype = g.typeof(e)
    g.normalize(rs, s.dtype)
    return s


def string_offset(g: ExprGen, e: ast.Binary) -> Temp:
    """s + i, i + s, s - i: the string from that position.

    A position outside the string's buffer gives "" (nothing of ours is
    readable there), and NULL plus anything stays NULL.
    """
    s_expr, i_expr = (e.left, e.right) if g.typeof(e.left).is_string else (e.right, e.left)
    s = g.gen(s_expr)
    i = g.gen_int(i_expr)
    rs, ri = g.regs.reg(s, i), g.regs.reg(i, s)
    asm = g.asm
    size = g.ctx.string_size(s.dtype)
    asm.mov(R1, Reg(ri))
    if e.op == "-":
        asm.neg(R1)
    null_flag(g, rs, R0)
    keep = asm.new_label("soff")
    asm.jne(R0, 0, keep)  # NULL stays NULL
    inside = asm.new_label("sin")
    asm.jcc("jlt", R1, size, inside)
    # past the buffer, or before the start: nothing of ours is there
    asm.ld_map_value(rs, "rodata", g.ctx.string_constant(b""))
    asm.ja(keep)
    asm.label(inside)
    asm.add(rs, Reg(R1))
    asm.label(keep)
    g.regs.release(i)
    s.dtype = g.typeof(e)
    return s
