"""alloca(): per-clause scratch memory, and loads and stores through it.

The memory is a region of machine state (``ctx.alloca_base``, ``scratchsize``
bytes).  Its first 8 bytes hold the clause's allocation top, which is why
offset 0 can stand for NULL: an alloca pointer is an *offset* into the
region, from 8 up.  Every clause that touches alloca'd memory starts with an
empty region (top = 8), so a pointer kept from another clause points at
nothing and faults, as in DTrace.

Each access is checked at run time against what the clause allocated:
an offset below 8 or at/after the top is an invalid address (the offset is
told), an access running past the top an invalid size.  The checks also
bound the offset for the verifier, so the access itself is a plain load or
store at R9 + offset.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..errors import CompileError
from ..lang import ast
from ..types.dtypes import DType, IntType
from .asm import DW, R0, R1, R9, B, H, Reg, W
from .faults import FAULT_BADADDR, FAULT_BADSIZE, FAULT_NOSCRATCH
from .regs import Temp

if TYPE_CHECKING:
    from .expr import ExprGen

#: the first offset alloca() hands out; below it is the allocation top (and NULL)
FIRST = 8
WIDTH = {1: B, 2: H, 4: W, 8: DW}


def start_clause(g: ExprGen, clause: ast.Clause) -> None:
    """An empty region for a clause that uses alloca'd memory (others: no code)."""
    if g.checker.taint.clause_uses_alloca(clause):
        g.asm.st(DW, R9, g.ctx.alloca_base, FIRST)


def is_alloca(g: ExprGen, e: ast.Expr) -> bool:
    return g.ctx.alloca_size > 0 and g.checker.taint.is_alloca(e)


def address_is_alloca(g: ExprGen, e: ast.Expr) -> bool:
    return g.ctx.alloca_size > 0 and g.checker.taint.address_is_alloca(e)


def allocate(g: ExprGen, size: Temp, e: ast.Expr) -> Temp:
    """Take ``size`` bytes (8-aligned) from the region; the result is their offset."""
    asm, ctx = g.asm, g.ctx
    limit = ctx.scratchsize - FIRST
    rs = g.regs.reg(size)
    # an impossible size must not wrap the top around
    g.fault_unless("jle", rs, limit, FAULT_NOSCRATCH)  # type: ignore[attr-defined]
    t = g.regs.alloc(g.typeof(e), (size,))
    r, rs = g.regs.reg(t, size), g.regs.reg(size, t)
    asm.ldx(DW, r, R9, ctx.alloca_base)
    asm.mov(R1, Reg(r))
    asm.add(R1, Reg(rs))
    asm.add(R1, 7)
    asm.and_(R1, -8)
    g.fault_unless("jle", R1, ctx.scratchsize, FAULT_NOSCRATCH)  # type: ignore[attr-defined]
    asm.stx(DW, R9, ctx.alloca_base, R1)
    # bounds the verifier can see when the offset becomes an address
    g.fault_unless("jle", r, limit, FAULT_NOSCRATCH)  # type: ignore[attr-defined]
    g.regs.release(size)
    return t


def check_constant_size(g: ExprGen, size: ast.Expr, e: ast.Call) -> None:
    """A constant size that can never fit is a compile error, as in DTrace."""
    limit = g.ctx.scratchsize - FIRST
    if isinstance(size, ast.IntLit) and size.value > limit:
        raise CompileError(f"alloca({size.value}) size larger than scratchsize {limit}",
                           "D_ALLOCA_SIZE", e.line)


def alloca(g: ExprGen, e: ast.Call) -> Temp:
    check_constant_size(g, e.args[0], e)
    return allocate(g, g.gen_int(e.args[0]), e)


def check(g: ExprGen, reg: int, size: int | Temp) -> None:
    """Fault unless ``size`` bytes at offset ``reg`` were allocated in this clause.

    ``size`` is a constant or a temp already known to be in 0..scratchsize-8.
    """
    asm, ctx = g.asm, g.ctx
    fault = g.fault_unless  # type: ignore[attr-defined]
    fault("jsge", reg, FIRST, FAULT_BADADDR, Reg(reg))
    asm.ldx(DW, R0, R9, ctx.alloca_base)
    fault("jlt", reg, Reg(R0), FAULT_BADADDR, Reg(reg))
    if isinstance(size, Temp):
        g.regs.load_into(R1, size)
        asm.sub(R0, Reg(R1))
        fault("jsle", reg, Reg(R0), FAULT_BADSIZE, Reg(R1))
        # the verifier's bound: the copy's size is checked against scratchsize
        fault("jlt", reg, ctx.scratchsize, FAULT_BADADDR, Reg(reg))
    else:
        asm.sub(R0, size)
        fault("jsle", reg, Reg(R0), FAULT_BADSIZE, size)
        fault("jle", reg, ctx.scratchsize - size, FAULT_BADSIZE, size)


def to_address(g: ExprGen, t: Temp, size: int | Temp = 1) -> Temp:
    """Check an alloca pointer for ``size`` bytes and make it a real address."""
    r = g.regs.reg(t)
    check(g, r, size)
    g.asm.mov(R1, Reg(R9))
    g.asm.add(R1, Reg(r))
    g.asm.add(R1, g.ctx.alloca_base)
    g.asm.mov(r, Reg(R1))
    return t


def load(g: ExprGen, addr: Temp, dtype: DType) -> Temp:
    """The value of type ``dtype`` at an alloca pointer."""
    if dtype.is_string:
        # a string is its address, once every byte of it is known to be allocated
        to_address(g, addr, g.ctx.strbuf)
        addr.dtype = dtype
        return addr
    size = dtype.size if dtype.size in WIDTH else 8
    r = g.regs.reg(addr)
    check(g, r, size)
    g.asm.add(r, Reg(R9))
    g.asm.ldx(WIDTH[size], r, r, g.ctx.alloca_base)
    addr.dtype = dtype
    g.normalize(r, dtype)
    return addr


def store(g: ExprGen, target: ast.Expr, value: Temp) -> None:
    """``target = value`` where ``target`` is memory (*p, p[i], p->m)."""
    from .memory import address_of

    if not address_is_alloca(g, target):
        raise CompileError("operator = requires modifiable lvalue as an operand",
                           "D_OP_LVAL", target.line)
    dtype = g.typeof(target)
    if dtype.is_string:
        store_string(g, target, value)
        return
    if not isinstance(dtype, IntType) and not dtype.is_pointer:
        raise CompileError(f"operator = cannot store a value of type \"{dtype}\" to memory",
                           "D_OP_INCOMPAT", target.line)
    size = dtype.size if dtype.size in WIDTH else 8
    if isinstance(dtype, IntType):
        g.normalize(g.regs.reg(value), dtype)  # the expression's value is what is stored
    addr = address_of(g, target)
    r = g.regs.reg(addr, value)
    check(g, r, size)
    g.asm.add(r, Reg(R9))
    g.asm.stx(WIDTH[size], r, g.ctx.alloca_base, g.regs.reg(value, addr))
    g.regs.release(addr)


def as_address(g: ExprGen, e: ast.Expr, t: Temp, size: int | Temp = 1) -> Temp:
    """The value ``t`` of pointer expression ``e`` as an address to read from.

    Any subroutine that reads memory through a pointer argument must pass it
    here first: an alloca pointer is checked for ``size`` bytes and made an
    address; any other pointer already is one.
    """
    if is_alloca(g, e):
        to_address(g, t, size)
    return t


def read_string(g: ExprGen, e: ast.Expr, t: Temp) -> Temp:
    """The string a pointer expression points at (stringof, (string) casts)."""
    return g.read_string(as_address(g, e, t))


def store_string(g: ExprGen, target: ast.Expr, value: Temp) -> None:
    """``*p = "..."`` for a ``string *`` into alloca'd memory: strsize bytes are copied."""
    from .memory import address_of

    if not value.dtype.is_string:
        raise CompileError(f"operands have incompatible types: \"string\" = \"{value.dtype}\"",
                           "D_OP_INCOMPAT", target.line)
    addr = to_address(g, address_of(g, target), g.ctx.strbuf)
    g.call(Helper.probe_read_kernel_str, addr, g.ctx.strbuf, value)
    g.regs.release(addr)
