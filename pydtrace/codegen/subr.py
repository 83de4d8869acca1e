"""Subroutine calls inside expressions.

The checker has already matched each call against its prototype in
lang/subrs.py; this module only emits code.  String routines live in
strings.py; the integer ones and copyinstr are here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..errors import CompileError
from ..lang import ast
from ..types.dtypes import STRING
from . import (
    alloca,
    cleanpath,
    cputopo,
    dpath,
    kobjsubr,
    memcopy,
    netsubr,
    psargs,
    specs,
    strings,
    strtok,
)
from .asm import ALU, R0, R1, R2, R9, Insn, Reg
from .faults import FAULT_BADADDR
from .regs import Temp

if TYPE_CHECKING:
    from .expr import ExprGen

BPF_END, BPF_TO_BE = 0xD0, 0x08


def subroutine(g: ExprGen, e: ast.Call) -> Temp:
    emit = SUBROUTINES.get(e.name)
    if emit is not None:
        return emit(g, e)
    if e.name in ("printf", "trace", "exit"):
        raise CompileError(
            f"{e.name}( ) may not be used in an expression", "D_ACT_SPEC", e.line
        )
    raise CompileError(f"{e.name}( ) is not supported yet", "D_UNKNOWN", e.line)


def symaddr(g: ExprGen, e: ast.Call) -> Temp:
    """sym(), func(), mod(): the address itself; the consumer names it."""
    t = g.gen_int(e.args[0])
    t.dtype = g.typeof(e)
    return t


def copyinstr(g: ExprGen, e: ast.Call) -> Temp:
    """copyinstr(addr[, maxlen]): min(maxlen, strsize) bytes at most, the NUL included.

    That is how DTrace reads them: copyinstr() of a long string keeps
    strsize - 1 characters, one fewer than a string can hold.
    """
    addr = g.gen_int(e.args[0])
    size = max(g.ctx.strsize, 1)
    off = g.scratch.alloc(g.ctx.strbuf)
    if len(e.args) > 1:
        limit = g.gen_int(e.args[1])
        g.regs.load_into(R1, limit)
        g.regs.release(limit)
        asm = g.asm
        capped = asm.new_label("cmax")
        asm.mov(R2, size)
        asm.jcc("jge", R1, size, capped)
        asm.mov(R2, Reg(R1))
        asm.label(capped)
        g.call(Helper.probe_read_user_str, g.ms_addr(off), in_place, addr)
    else:
        g.call(Helper.probe_read_user_str, g.ms_addr(off), size, addr)
    r = g.regs.reg(addr)
    # nothing read (not even the NUL): the address is invalid, as DTrace says
    g.fault_unless("jsgt", R0, 0, FAULT_BADADDR, Reg(r))  # type: ignore[attr-defined]
    g.asm.mov(r, Reg(R9))
    g.asm.add(r, off)
    addr.dtype = STRING
    return addr


def in_place(reg: int) -> None:
    """A call argument already computed into its register."""


def byte_swap(width: int) -> Callable[[ExprGen, ast.Call], Temp]:
    """htons/htonl/htonll and their ntoh twins: network order is big-endian."""

    def emit(g: ExprGen, e: ast.Call) -> Temp:
        t = g.gen_int(e.args[0])
        r = g.regs.reg(t)
        # BPF_END to big-endian swaps on a little-endian host and is a no-op
        # (apart from truncating to the width) on a big-endian one
        g.asm.emit(Insn(ALU | BPF_END | BPF_TO_BE, r, 0, 0, width))
        t.dtype = g.typeof(e)
        return t

    return emit


def rand(g: ExprGen, e: ast.Call) -> Temp:
    """A pseudo-random int: 32 random bits, sign-extended as DTrace does."""
    g.call(Helper.get_prandom_u32)
    t = g.result(g.typeof(e))
    r = g.regs.reg(t)
    g.asm.lsh(r, 32)
    g.asm.arsh(r, 32)
    return t


SUBROUTINES: dict[str, Callable[[ExprGen, ast.Call], Temp]] = {
    "copyinstr": copyinstr,
    "alloca": alloca.alloca,
    "bcopy": memcopy.bcopy,
    "copyin": memcopy.copyin,
    "copyinto": memcopy.copyinto,
    "copyout": memcopy.copyout,
    "copyoutstr": memcopy.copyoutstr,
    "speculation": specs.speculation,
    "sym": lambda g, e: symaddr(g, e),
    "func": lambda g, e: symaddr(g, e),
    "mod": lambda g, e: symaddr(g, e),
    "usym": lambda g, e: symaddr(g, e),
    "ufunc": lambda g, e: symaddr(g, e),
    "uaddr": lambda g, e: symaddr(g, e),
    "umod": lambda g, e: symaddr(g, e),
    "strlen": strings.strlen,
    "strjoin": strings.strjoin,
    "substr": strings.substr,
    "index": strings.index,
    "rindex": strings.rindex,
    "strstr": strings.strstr,
    "strtok": strtok.strtok,
    "strchr": strings.strchr,
    "strrchr": strings.strrchr,
    "lltostr": strings.lltostr,
    "basename": strings.basename,
    "dirname": strings.dirname,
    "toupper": strings.toupper,
    "tolower": strings.tolower,
    "htons": byte_swap(16),
    "ntohs": byte_swap(16),
    "htonl": byte_swap(32),
    "ntohl": byte_swap(32),
    "htonll": byte_swap(64),
    "ntohll": byte_swap(64),
    "rand": rand,
    "mutex_owned": kobjsubr.mutex_owned,
    "mutex_owner": kobjsubr.mutex_owner,
    "mutex_type_adaptive": kobjsubr.mutex_type(1),
    "mutex_type_spin": kobjsubr.mutex_type(0),
    "rw_read_held": kobjsubr.rwlock(kobjsubr.QW_WMASK, keep=False),
    "rw_write_held": kobjsubr.rwlock(kobjsubr.QW_LOCKED, keep=True),
    "rw_iswriter": kobjsubr.rwlock(kobjsubr.QW_WMASK, keep=True),
    "getmajor": kobjsubr.getmajor,
    "getminor": kobjsubr.getminor,
    "progenyof": kobjsubr.progenyof,
    "d_path": dpath.d_path,
    "__psargs": psargs.psargs,
    "__mount_path": dpath.mount_path,
    "__cpu_topology": cputopo.cpu_topology,
    "ddi_pathname": kobjsubr.ddi_pathname,
    "cleanpath": cleanpath.cleanpath,
    "inet_ntoa": netsubr.inet_ntoa,
    "inet_ntoa6": netsubr.inet_ntoa6,
    "inet_ntop": netsubr.inet_ntop,
    "link_ntop": netsubr.link_ntop,
}
