"""Subroutine calls inside expressions (copyinstr, stringof-like helpers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..errors import CompileError
from ..lang import ast
from ..types.dtypes import STRING
from .asm import R9, Reg
from .regs import Temp

if TYPE_CHECKING:
    from .expr import ExprGen


def subroutine(g: ExprGen, e: ast.Call) -> Temp:
    if e.name == "copyinstr":
        return copyinstr(g, e)
    if e.name in ("printf", "trace", "exit"):
        raise CompileError(
            f"{e.name}( ) may not be used in an expression", "D_ACT_SPEC", e.line
        )
    raise CompileError(f"{e.name}( ) is not supported yet", "D_UNKNOWN", e.line)


def copyinstr(g: ExprGen, e: ast.Call) -> Temp:
    if not 1 <= len(e.args) <= 2:
        raise CompileError(
            "copyinstr( ) prototype mismatch: "
            f"too {'few' if not e.args else 'many'} arguments",
            "D_PROTO_LEN",
            e.line,
        )
    addr = g.gen_int(e.args[0])
    size = g.ctx.strsize
    off = g.scratch.alloc(size)
    g.call(Helper.probe_read_user_str, g.ms_addr(off), size, addr)
    r = g.regs.reg(addr)
    g.asm.mov(r, Reg(R9))
    g.asm.add(r, off)
    addr.dtype = STRING
    return addr
