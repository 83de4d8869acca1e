"""Stores to variables: globals, this->, self->, associative arrays.

Assigning zero (or NULL, for a string) to a thread-local variable or an
associative array element deletes it, as in DTrace, so dynamic variable
space is given back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..errors import CompileError
from ..lang import ast
from ..lang.check_decl import is_aggregate
from ..types.dtypes import is_char_array
from .asm import DW, R0, R1, R9, H, Reg
from .context import MS_DYN_DROPS
from .regs import Temp

if TYPE_CHECKING:
    from collections.abc import Callable

    from .expr import ExprGen

COMPOUND = {
    "+=": "+", "-=": "-", "*=": "*", "/=": "/", "%=": "%", "&=": "&", "|=": "|",
    "^=": "^", "<<=": "<<", ">>=": ">>",
}


def assign(g: ExprGen, e: ast.Assign) -> Temp:
    if isinstance(e.target, ast.AggRef):
        from .aggs import aggregate

        aggregate(g, e.target, e.value)  # type: ignore[arg-type]
        return g.const(0)
    if e.op == "=":
        value = g.gen(e.value)
    else:
        value = g.gen(ast.Binary(e.line, COMPOUND[e.op], e.target, e.value))
    store(g, e.target, value)
    return value


def incdec(g: ExprGen, e: ast.Unary) -> Temp:
    """++x, x++, --x, x--: the expression's value is the old or new value."""
    op = "+" if "++" in e.op else "-"
    old = g.gen_int(e.operand)
    new = g.regs.alloc(old.dtype, (old,))
    rn, ro = g.regs.reg(new, old), g.regs.reg(old, new)
    g.asm.mov(rn, Reg(ro))
    (g.asm.add if op == "+" else g.asm.sub)(rn, 1)
    g.normalize(rn, old.dtype)
    store(g, e.operand, new)
    if e.op.endswith("pre"):
        g.regs.release(old)
        return new
    g.regs.release(new)
    return old


def store(g: ExprGen, target: ast.Expr, value: Temp) -> None:
    """Store ``value`` (kept live) into the lvalue ``target``."""
    ctx, asm = g.ctx, g.asm
    from . import varmem

    if isinstance(target, ast.Member | ast.Index) and g.assoc_var(
            getattr(target, "base", None)) is None and varmem.in_variable(g, target):
        varmem.store_member(g, target, value)
        return
    if is_aggregate(g.typeof(target)) and (
            isinstance(target, ast.Ident | ast.ThisVar | ast.SelfVar) or
            isinstance(target, ast.Index) and g.assoc_var(target.base) is not None):
        varmem.store_whole(g, target, value)
        return
    if isinstance(target, ast.Ident):
        slot = ctx.globals[target.name]
        value = convert(g, target, value, slot.dtype)
        if not value.dtype.is_string:
            g.regs.reg(value)
            asm.ld_map_value(R0, "globals", slot.offset)
        write_at(g, lambda reg: asm.ld_map_value(reg, "globals", slot.offset), value, R0, 0,
                 ctx.string_size(slot.dtype))
    elif isinstance(target, ast.ThisVar):
        slot = ctx.this_vars[target.name]
        value = convert(g, target, value, slot.dtype)
        write_at(g, g.ms_addr(slot.offset), value, R9, slot.offset,
                 ctx.string_size(slot.dtype))
    elif isinstance(target, ast.SelfVar):
        var = ctx.self_vars[target.name]
        value = convert(g, target, value, var.dtype)
        dyn_store(g, var.map_name, g.dyn_key(var), value)
    elif isinstance(target, ast.Index) and g.assoc_var(target.base) is not None:
        var = g.assoc_var(target.base)
        value = convert(g, target, value, var.dtype)
        dyn_store(g, var.map_name, g.dyn_key(var, target.indices), value)
    elif isinstance(target, ast.Unary | ast.Member | ast.Index):
        from .alloca import store as store_memory

        store_memory(g, target, value)
    else:
        raise CompileError(
            "operator = requires modifiable lvalue as an operand", "D_OP_LVAL", target.line
        )


def convert(g: ExprGen, target: ast.Expr, value: Temp, dtype) -> Temp:  # noqa: ANN001
    if dtype.is_string and is_char_array(value.dtype):
        from .memory import as_string

        return as_string(g, value)
    if dtype.is_string and value.dtype.is_integer:
        # only the constant NULL gets here (the checker saw to it)
        from .nullstr import null_string

        return null_string(g, value)
    if dtype.is_pointer and value.dtype.is_string:
        value.dtype = dtype  # a char pointer to the string's characters
        return value
    if value.dtype.is_string != dtype.is_string:
        raise CompileError(
            f"operands have incompatible types: \"{dtype}\" = \"{value.dtype}\"",
            "D_OP_INCOMPAT",
            target.line,
        )
    if dtype.is_integer:
        # a variable holds its type's width: the 64-bit result is cut here
        g.normalize(g.regs.reg(value), dtype)
    return value


def write_at(
    g: ExprGen, addr: Callable[[int], None], value: Temp, base: int, offset: int, size: int
) -> None:
    """Integer: one store; string: a copy bounded by the destination's size.

    A string copy stops at the NUL, so the NULL mark (NUL, 0x7f) is written
    by hand, and cleared first so that "" stored over NULL is not NULL.
    """
    if value.dtype.is_string:
        from .nullstr import copy_null_mark

        addr(R0)
        g.asm.st(H, R0, 0, 0)
        g.call(Helper.probe_read_kernel_str, addr, size, value)
        addr(R1)
        copy_null_mark(g, value, R1, 0)
    else:
        g.asm.stx(DW, base, offset, g.regs.reg(value))


def dyn_store(g: ExprGen, map_name: str, key: Callable[[int], None], value: Temp) -> None:
    asm = g.asm
    delete, done = asm.new_label("del"), asm.new_label("st")
    if value.dtype.is_string:
        # storing NULL deletes; "" is a value like any other (DTrace 2.x)
        from .nullstr import NULL_MARK

        g.regs.load_into(R0, value)
        asm.ldx(H, R0, R0, 0)
        asm.jeq(R0, NULL_MARK, delete)
        g.call(Helper.map_update_elem, g.map_fd(map_name), key, value, 0)
    else:
        r = g.regs.reg(value)
        asm.jeq(r, 0, delete)
        slot = g.scratch.alloc(8)
        asm.stx(DW, R9, slot, r)
        g.call(Helper.map_update_elem, g.map_fd(map_name), key, g.ms_addr(slot), 0)
    # a full map: count a dynamic variable drop and abandon the clause, as DTrace does
    asm.jcc("jsge", R0, 0, done)
    asm.ldx(DW, R1, R9, MS_DYN_DROPS)
    asm.add(R1, 1)
    asm.stx(DW, R9, MS_DYN_DROPS, R1)
    if g.drop_clause is not None:
        g.drop_clause()
    else:
        asm.ja(done)
    asm.label(delete)
    g.call(Helper.map_delete_elem, g.map_fd(map_name), key)
    asm.label(done)
