"""Copies between memories: bcopy, copyin, copyinto, copyout, copyoutstr.

The destination of bcopy and copyinto must be alloca'd memory (DTrace
refuses anything else at compile time); copyin allocates its own.  Sizes
are checked first (negative or more than scratch memory holds: invalid
size), then the alloca'd ends (see alloca.check), then the copy itself,
whose failure blames the address that was read or written.

copyout and copyoutstr write into the traced process: destructive actions,
refused without -w (see destructive.py).  The kernel's bpf_probe_write_user
needs its source as verifier-known memory, so the bytes are first staged in
scratch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..errors import CompileError
from ..lang import ast
from ..types.dtypes import VOID
from . import alloca
from .asm import R0, R1, R2, R3, Reg
from .faults import FAULT_BADADDR, FAULT_BADSIZE
from .regs import Temp

if TYPE_CHECKING:
    from .expr import ExprGen


def void(g: ExprGen) -> Temp:
    return g.const(0, VOID)


def check_size(g: ExprGen, size: Temp, limit: int) -> None:
    """Fault unless 0 <= size <= limit (the size is told)."""
    r = g.regs.reg(size)
    g.fault_unless("jsge", r, 0, FAULT_BADSIZE, Reg(r))  # type: ignore[attr-defined]
    g.fault_unless("jle", r, limit, FAULT_BADSIZE, Reg(r))  # type: ignore[attr-defined]


def not_null(g: ExprGen, t: Temp) -> None:
    g.fault_unless("jne", g.regs.reg(t), 0, FAULT_BADADDR, 0)  # type: ignore[attr-defined]


def source(g: ExprGen, e: ast.Expr, t: Temp, size: Temp) -> None:
    """A source pointer: alloca'd memory is checked and made an address."""
    if alloca.is_alloca(g, e):
        alloca.to_address(g, t, size)
    elif not t.dtype.is_string:
        not_null(g, t)


def destination(g: ExprGen, call: ast.Call, argno: int, t: Temp, size: Temp) -> None:
    e = call.args[argno - 1]
    if not alloca.is_alloca(g, e):
        raise CompileError(
            f"{call.name}( ) argument #{argno} is incompatible with prototype:\n"
            "\tprototype: alloca pointer\n\t argument: non-alloca pointer",
            "D_PROTO_ARG", e.line)
    alloca.to_address(g, t, size)


def copy(g: ExprGen, helper: Helper, dst: Temp, size: Temp, src: Temp) -> None:
    """dst <- size bytes at src; a failed read is the source's invalid address."""
    g.call(helper, dst, size, src)
    g.fault_unless("jeq", R0, 0, FAULT_BADADDR, Reg(g.regs.reg(src)))  # type: ignore[attr-defined]


def bcopy(g: ExprGen, e: ast.Call) -> Temp:
    """bcopy(src, dst, size): kernel (or alloca'd) memory into alloca'd memory."""
    src, dst, size = (g.gen(a) for a in e.args)
    check_size(g, size, g.ctx.scratchsize - alloca.FIRST)
    source(g, e.args[0], src, size)
    destination(g, e, 2, dst, size)
    copy(g, Helper.probe_read_kernel, dst, size, src)
    g.regs.release(src, dst, size)
    return void(g)


def copyinto(g: ExprGen, e: ast.Call) -> Temp:
    """copyinto(uaddr, size, dst): user memory into alloca'd memory."""
    src, size, dst = (g.gen(a) for a in e.args)
    check_size(g, size, g.ctx.scratchsize - alloca.FIRST)
    not_null(g, src)
    destination(g, e, 3, dst, size)
    copy(g, Helper.probe_read_user, dst, size, src)
    g.regs.release(src, dst, size)
    return void(g)


def copyin(g: ExprGen, e: ast.Call) -> Temp:
    """copyin(uaddr, size): that much user memory in fresh alloca'd memory."""
    alloca.check_constant_size(g, e.args[1], e)
    size = g.gen_int(e.args[1])
    check_size(g, size, g.ctx.scratchsize - alloca.FIRST)
    keep = g.regs.alloc(size.dtype, (size,))
    g.asm.mov(g.regs.reg(keep, size), Reg(g.regs.reg(size, keep)))
    offset = alloca.allocate(g, keep, e)
    dst = g.regs.alloc(offset.dtype, (offset, size))
    g.asm.mov(g.regs.reg(dst, offset, size), Reg(g.regs.reg(offset, dst, size)))
    alloca.to_address(g, dst, size)
    src = g.gen_int(e.args[0])
    copy(g, Helper.probe_read_user, dst, size, src)
    g.regs.release(src, dst, size)
    return offset


def staging(g: ExprGen) -> tuple[int, int]:
    """A scratch buffer big enough for any string or alloca'd block: (offset, size)."""
    size = max(g.ctx.strbuf, g.ctx.scratchsize)
    return g.scratch.alloc(size), size


def copyout(g: ExprGen, e: ast.Call) -> Temp:
    """copyout(buf, uaddr, size): write size bytes of buf into the process."""
    src, dst, size = (g.gen(a) for a in e.args)
    buf, limit = staging(g)
    check_size(g, size, limit)
    source(g, e.args[0], src, size)
    not_null(g, dst)
    asm = g.asm
    done = asm.new_label("cpo")
    asm.jeq(g.regs.reg(size), 0, done)
    g.call(Helper.probe_read_kernel, g.ms_addr(buf), size, src)
    g.fault_unless("jeq", R0, 0, FAULT_BADADDR, Reg(g.regs.reg(src)))  # type: ignore[attr-defined]
    write_user(g, dst, buf, size)
    asm.label(done)
    g.regs.release(src, dst, size)
    return void(g)


def copyoutstr(g: ExprGen, e: ast.Call) -> Temp:
    """copyoutstr(str, uaddr, maxlen): the string and its NUL, at most maxlen bytes."""
    src, dst, size = (g.gen(a) for a in e.args)
    asm = g.asm
    buf, _ = staging(g)
    rs = g.regs.reg(size)
    # at most strsize bytes, as DTrace does
    capped = asm.new_label("cps")
    asm.jcc("jle", rs, g.ctx.strsize, capped)
    asm.mov(rs, g.ctx.strsize)
    asm.label(capped)
    source(g, e.args[0], src, size)
    not_null(g, dst)
    # the string's length (NUL included, at most maxlen), then its bytes as they are
    g.call(Helper.probe_read_kernel_str, g.ms_addr(buf), size, src)
    g.fault_unless("jsgt", R0, 0, FAULT_BADADDR, Reg(g.regs.reg(src)))  # type: ignore[attr-defined]
    g.asm.mov(rs, Reg(R0))
    g.call(Helper.probe_read_kernel, g.ms_addr(buf), size, src)
    write_user(g, dst, buf, size)
    g.regs.release(src, dst, size)
    return void(g)


def write_user(g: ExprGen, dst: Temp, buf: int, size: Temp) -> None:
    """bpf_probe_write_user(dst, R9+buf, size); a failure is dst's invalid address."""
    g.regs.load_into(R1, dst)
    g.ms_addr(buf)(R2)
    g.regs.load_into(R3, size)
    g.asm.call(Helper.probe_write_user)
    g.fault_unless("jeq", R0, 0, FAULT_BADADDR, Reg(g.regs.reg(dst)))  # type: ignore[attr-defined]
