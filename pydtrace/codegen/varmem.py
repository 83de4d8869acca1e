"""Structs, unions and arrays kept in D variables.

Their bytes live where the variable does: globals in the globals map,
this-> variables in machine state, self-> variables and associative array
elements in their hash maps.  An expression of such a type evaluates to the
address of its bytes (as one of kernel memory does), so member reads go
through :mod:`.memory`; stores need a pointer the verifier lets us write
through, which :func:`address` computes from the variable down the chain
of ``.`` and ``[]``.

A dynamic variable that does not exist reads as zeros; writing one of its
members creates it.  Storing an all-zero value to a whole dynamic variable
deletes it, as DTrace does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..lang import ast
from ..lang.check_decl import is_aggregate
from ..types.dtypes import CHAR, ArrayType, DType, IntType, PointerType, is_char_array
from ..types.kernel import member
from .asm import BYTES_SIZE, DW, R0, R1, R9, Reg
from .faults import FAULT_BADINDEX
from .regs import Temp

if TYPE_CHECKING:
    from collections.abc import Callable

    from .expr import ExprGen

BPF_NOEXIST = 1
#: longest value whose zero test is unrolled (words); longer ones are never deleted
ZERO_TEST_WORDS = 64


def in_variable(g: ExprGen, e: ast.Expr) -> bool:
    """Whether ``e`` designates bytes inside a D variable (so it may be written)."""
    while isinstance(e, ast.Member | ast.Index):
        if isinstance(e, ast.Member):
            if e.arrow:
                return False
            e = e.base
            continue
        if g.assoc_var(e.base) is not None:
            return True
        if not isinstance(g.typeof(e.base), ArrayType):
            return False  # p[i] of a pointer: memory, not the variable
        e = e.base
    if isinstance(e, ast.Ident):
        return e.name in g.ctx.globals
    return isinstance(e, ast.ThisVar | ast.SelfVar)


def address(g: ExprGen, e: ast.Expr, write: bool) -> Temp:
    """A pointer to the bytes ``e`` designates in variable storage."""
    ctx, asm = g.ctx, g.asm
    if isinstance(e, ast.Member):
        base = address(g, e.base, write)
        m = member(g.typeof(e.base), e.name)  # type: ignore[arg-type]
        assert m is not None
        if m[0]:
            asm.add(g.regs.reg(base), m[0])
        base.dtype = PointerType(f"{m[1]} *", 8, m[1])
        return base
    if isinstance(e, ast.Index) and g.assoc_var(e.base) is None:
        base = address(g, e.base, write)
        return element(g, base, g.typeof(e.base), e.indices[0])
    dtype = g.typeof(e)
    t = g.regs.alloc(PointerType(f"{dtype} *", 8, dtype))
    r = t.reg
    assert r is not None
    if isinstance(e, ast.Ident):
        asm.ld_map_value(r, "globals", ctx.globals[e.name].offset)
    elif isinstance(e, ast.ThisVar):
        asm.mov(r, Reg(R9))
        asm.add(r, ctx.this_vars[e.name].offset)
    elif isinstance(e, ast.SelfVar):
        var = ctx.self_vars[e.name]
        dyn_address(g, var.map_name, g.dyn_key(var), dtype.size, write, r)
    else:
        assert isinstance(e, ast.Index)
        var = g.assoc_var(e.base)
        dyn_address(g, var.map_name, g.dyn_key(var, e.indices), dtype.size, write, r)
    return t


def element(g: ExprGen, base: Temp, array: DType, index: ast.Expr) -> Temp:
    """``base[index]`` of an array at ``base``: the index is checked at run time."""
    if array.is_string:
        elem: DType = CHAR  # a string is a char array of its bound
    else:
        elem = array.elem if isinstance(array, ArrayType) else array.target  # type: ignore[attr-defined]
    idx = g.gen_int(index)
    rb, ri = g.regs.reg(base, idx), g.regs.reg(idx, base)
    if array.is_string:
        # past the string's bound is DTrace's bad index
        g.fault_unless("jlt", ri, g.ctx.string_size(array), FAULT_BADINDEX, Reg(ri))  # type: ignore[attr-defined]
    elif isinstance(array, ArrayType) and array.count > 1:
        g.fault_unless("jlt", ri, array.count, FAULT_BADINDEX, Reg(ri))  # type: ignore[attr-defined]
    if elem.size != 1:
        g.asm.mul(ri, max(elem.size, 1))
    g.asm.add(rb, Reg(ri))
    g.regs.release(idx)
    base.dtype = PointerType(f"{elem} *", 8, elem)
    return base


def dyn_address(g: ExprGen, map_name: str, key: Callable[[int], None], size: int,
                write: bool, dst: int) -> None:
    """Look a dynamic variable's value up into ``dst``; writing creates it (zeroed),
    reading a missing one finds zeros."""
    asm = g.asm
    hit = asm.new_label("vhit")
    g.call(Helper.map_lookup_elem, g.map_fd(map_name), key)
    asm.jne(R0, 0, hit)
    zeros = g.ctx.zero_block(size)
    if write:
        g.call(Helper.map_update_elem, g.map_fd(map_name), key,
               lambda reg: asm.ld_map_value(reg, "rodata", zeros), BPF_NOEXIST)
        g.call(Helper.map_lookup_elem, g.map_fd(map_name), key)
        asm.jne(R0, 0, hit)
        # no room for it: the store lands in scratch and is lost, as a drop would be
        asm.mov(R0, Reg(R9))
        asm.add(R0, g.scratch.alloc(size))
    else:
        asm.ld_map_value(R0, "rodata", zeros)
    asm.label(hit)
    asm.mov(dst, Reg(R0))


def store_member(g: ExprGen, target: ast.Expr, value: Temp) -> None:
    """Store into a member or element of a variable (``s.a = v``, ``a[2] = v``)."""
    dtype = g.typeof(target)
    bits = 0
    if isinstance(target, ast.Member):
        m = member(g.typeof(target.base), target.name)  # type: ignore[arg-type]
        bits = m[3] if m else 0
    addr = address(g, target, write=True)
    ra = g.regs.reg(addr, value)
    if is_aggregate(dtype):
        copy_bytes(g, ra, value, dtype, target)
    elif bits:
        store_bits(g, ra, value, dtype, bits)
    else:
        if isinstance(dtype, IntType):
            g.normalize(g.regs.reg(value, addr), dtype)
        size = dtype.size if dtype.size in (1, 2, 4, 8) else 8
        ra = g.regs.reg(addr, value)
        g.asm.stx(BYTES_SIZE[size], ra, 0, g.regs.reg(value, addr))
    g.regs.release(addr)


def copy_bytes(g: ExprGen, dst: int, value: Temp, dtype: DType, target: ast.Expr) -> None:
    """An aggregate's bytes from wherever ``value`` points (an integer: zeros)."""
    asm = g.asm

    def to(reg: int) -> None:
        asm.mov(reg, Reg(dst))

    if value.dtype.is_string and is_char_array(dtype):
        g.call(Helper.probe_read_kernel_str, to, dtype.size, value)
        return
    if is_aggregate(value.dtype):
        g.call(Helper.probe_read_kernel, to, dtype.size, value)
        return
    zeros = g.ctx.zero_block(dtype.size)

    def from_zeros(reg: int) -> None:
        asm.ld_map_value(reg, "rodata", zeros)

    g.call(Helper.probe_read_kernel, to, dtype.size, from_zeros)


def store_bits(g: ExprGen, ra: int, value: Temp, dtype: DType, bits: int) -> None:
    """Read-modify-write of a bit-field's storage unit (the field is its low bits)."""
    asm = g.asm
    size = BYTES_SIZE[dtype.size]
    rv = g.regs.reg(value)
    mask = (1 << bits) - 1
    asm.mov(R0, Reg(rv))
    if bits < 32:
        asm.and_(R0, mask)
    else:
        asm.lsh(R0, 64 - bits)
        asm.rsh(R0, 64 - bits)
    asm.ldx(size, R1, ra, 0)
    if bits < 32:
        asm.and_(R1, ~mask)
    else:
        asm.rsh(R1, bits) if bits < 64 else asm.mov(R1, 0)
        if bits < 64:
            asm.lsh(R1, bits)
    asm.or_(R1, Reg(R0))
    asm.stx(size, ra, 0, R1)


def store_whole(g: ExprGen, target: ast.Expr, value: Temp) -> None:
    """``v = struct value``: globals and this-> copy; dynamic variables are
    updated, or deleted when the value is all zeros."""
    dtype = g.typeof(target)
    if isinstance(target, ast.Ident | ast.ThisVar):
        addr = address(g, target, write=True)
        copy_bytes(g, g.regs.reg(addr, value), value, dtype, target)
        g.regs.release(addr)
        return
    asm = g.asm
    buf = g.scratch.alloc(dtype.size)
    if is_aggregate(value.dtype):
        g.call(Helper.probe_read_kernel, g.ms_addr(buf), dtype.size, value)
    else:
        for i in range(0, dtype.size, 8):
            asm.st(DW, R9, buf + i, 0)
    if isinstance(target, ast.SelfVar):
        key = g.dyn_key(g.ctx.self_vars[target.name])
        var = g.ctx.self_vars[target.name]
    else:
        assert isinstance(target, ast.Index)
        var = g.assoc_var(target.base)
        key = g.dyn_key(var, target.indices)
    delete, done = asm.new_label("vdel"), asm.new_label("vdone")
    words = (dtype.size + 7) // 8
    if words <= ZERO_TEST_WORDS:
        asm.mov(R0, 0)
        for i in range(words):
            asm.ldx(DW, R1, R9, buf + 8 * i)
            asm.or_(R0, Reg(R1))
        asm.jeq(R0, 0, delete)
    g.call(Helper.map_update_elem, g.map_fd(var.map_name), key, g.ms_addr(buf), 0)
    asm.ja(done)
    asm.label(delete)
    g.call(Helper.map_delete_elem, g.map_fd(var.map_name), key)
    asm.label(done)
