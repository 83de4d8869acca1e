"""``s[i]`` on a D string: the character at position i.

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
