"""Kernel memory: ``->``, ``.``, ``*``, ``&`` and ``[]`` on pointers.

Every read goes through bpf_probe_read_kernel; a read that fails aborts the
clause with DTrace's "invalid address" fault, naming the address.  Structs
and arrays are not loaded: their value is their address, which member
access and indexing then offset.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..errors import CompileError
from ..lang import ast
from ..types.dtypes import CHAR, ArrayType, DType, IntType, PointerType, StructType
from ..types.kernel import member
from . import alloca
from .asm import DW, R0, R9
from .faults import FAULT_BADADDR
from .regs import Temp

if TYPE_CHECKING:
    from .expr import ExprGen


def is_aggregate(t: DType) -> bool:
    return isinstance(t, StructType | ArrayType)


def address_of(g: ExprGen, e: ast.Expr) -> Temp:
    """The kernel address an lvalue designates."""
    if isinstance(e, ast.Member):
        if e.arrow:
            base = g.gen(e.base)
            struct = base.dtype.target  # type: ignore[attr-defined]
        else:
            base = address_of(g, e.base)
            struct = g.typeof(e.base)
        m = member(struct, e.name)  # type: ignore[arg-type]
        assert m is not None  # the checker made sure
        off, mtype, _, _ = m
        if off:
            g.asm.add(g.regs.reg(base), off)
        base.dtype = PointerType(f"{mtype} *", 8, mtype)
        return base
    if isinstance(e, ast.Unary) and e.op == "*":
        return g.gen(e.operand)
    if isinstance(e, ast.Index) and g.assoc_var(e.base) is None:
        return element_address(g, e)
    if is_aggregate(g.typeof(e)):
        return g.gen(e)  # a struct or array value is the address of its bytes
    raise CompileError("operator & requires an lvalue in memory", "D_ADDROF_LVAL", e.line)


def element_address(g: ExprGen, e: ast.Index) -> Temp:
    from .varmem import element

    base = g.gen(e.base)
    return element(g, base, base.dtype, e.indices[0])


def element_type(t: DType) -> DType:
    if t.is_string:
        return CHAR
    if isinstance(t, ArrayType):
        return t.elem  # type: ignore[return-value]
    return t.target  # type: ignore[attr-defined,return-value]


def load(g: ExprGen, addr: Temp, dtype: DType, bit_offset: int = 0, bits: int = 0,
         in_alloca: bool = False) -> Temp:
    """The value of type ``dtype`` at ``addr`` (struct/array: the address itself).

    ``in_alloca``: ``addr`` is an alloca pointer (an offset into scratch memory).
    """
    if is_aggregate(dtype):
        addr.dtype = dtype
        return addr
    if in_alloca:
        return alloca.load(g, addr, dtype)
    if dtype.is_string:
        return g.read_string(addr)
    size = dtype.size if dtype.size in (1, 2, 4, 8) else 8
    slot = g.scratch.alloc(8)
    g.asm.st(DW, R9, slot, 0)
    g.call(Helper.probe_read_kernel, g.ms_addr(slot), size, addr)
    g.fault_if_negative(R0, FAULT_BADADDR, g.regs.reg(addr))  # type: ignore[attr-defined]
    r = g.regs.reg(addr)
    g.asm.ldx(DW, r, R9, slot)
    addr.dtype = dtype
    if bits:
        # the field's bits to the top, then back down with its sign or zeros
        if 64 - bit_offset - bits:
            g.asm.lsh(r, 64 - bit_offset - bits)
        signed = isinstance(dtype, IntType) and dtype.signed
        (g.asm.arsh if signed else g.asm.rsh)(r, 64 - bits)
        return addr
    g.normalize(r, dtype)
    return addr


def gen_member(g: ExprGen, e: ast.Member) -> Temp:
    struct = g.typeof(e.base)
    if e.arrow:
        struct = struct.target  # type: ignore[attr-defined]
    m = member(struct, e.name)  # type: ignore[arg-type]
    assert m is not None
    _, mtype, bit_offset, bits = m
    return load(g, address_of(g, e), mtype, bit_offset, bits, alloca.address_is_alloca(g, e))


def deref(g: ExprGen, e: ast.Unary) -> Temp:
    p = g.gen(e.operand)
    return load(g, p, element_type(p.dtype), in_alloca=alloca.is_alloca(g, e.operand))


def index(g: ExprGen, e: ast.Index) -> Temp:
    if g.typeof(e.base).is_string:
        from .strindex import string_index

        return string_index(g, e)
    addr = element_address(g, e)
    return load(g, addr, addr.dtype.target,  # type: ignore[attr-defined]
                in_alloca=alloca.is_alloca(g, e.base))


def as_string(g: ExprGen, t: Temp) -> Temp:
    """A char array in kernel memory, copied out as a D string."""
    if not isinstance(t.dtype, ArrayType):
        return t
    return g.read_string(t, t.dtype.count + 1)
