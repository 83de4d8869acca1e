"""Actions whose records the consumer carries out or dumps.

system() and freopen() record their printf-style arguments and the consumer
runs the command or reopens its output; setopt() records the option and its
value.  tracemem(), print() and pcap() copy memory into the record: tracemem's bytes
are dumped in hex, print's are laid out by the pointed-to type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..consumer import printf as pf
from ..consumer import printf_check as pc
from ..errors import CompileError
from ..lang import ast
from ..lang.actprotos import pointee
from ..lang.check import Checker
from ..lang.parser_decl import fold_int
from ..types.dtypes import INT64, UINT64, DType
from .asm import DW, FP, R0, R1
from .context import CompileContext
from .layout import ActionDesc
from .regs import FP_RECORD

if TYPE_CHECKING:
    from .clause import ClauseGen
    from .regs import Temp

RECORDED = frozenset({"system", "freopen", "setopt", "tracemem", "print", "pcap"})


@dataclass(frozen=True)
class BytesType(DType):
    """Raw memory of a fixed size in a record (tracemem, print)."""


@dataclass(frozen=True)
class PrintSpec:
    """What print() needs at the consumer: the type its bytes are laid out by,
    and the names of the script's enum values."""

    dtype: DType
    labels: dict[str, dict[int, str]]


def enum_labels() -> dict[str, dict[int, str]]:
    """enum type name -> value -> its first enumerator, for the script's enums."""
    from ..lang.decltypes import scope

    labels: dict[str, dict[int, str]] = {}
    for name, (value, dtype) in scope().enumerators.items():
        labels.setdefault(dtype.name, {}).setdefault(value, name)
    return labels


def recorded_arguments(
    ctx: CompileContext, checker: Checker, call: ast.Call
) -> tuple[list[DType], object]:
    from .actions import arg_info

    name = call.name
    if name in ("system", "freopen"):
        fmt_arg = call.args[0]
        if not isinstance(fmt_arg, ast.StrLit):
            raise CompileError(
                f"{name}( ) argument #1 is incompatible with prototype:\n"
                f"\tprototype: string constant\n\t argument: {checker.type_of(fmt_arg)}",
                "D_PRINTF_ARG_FMT", call.line)
        types = [checker.type_of(a) for a in call.args[1:]]
        if name == "freopen" and not fmt_arg.value and not types:
            return [], None  # freopen(""): back to the original output
        try:
            fmt = pf.parse_format(fmt_arg.value.decode("utf-8", "surrogateescape"))
            specs = pc.check_args(fmt, name, [arg_info(t) for t in types])
        except CompileError as err:
            err.line = err.line or call.line
            raise
        return types, (fmt, specs)
    if name == "setopt":
        return [checker.type_of(a) for a in call.args], None
    if name == "tracemem":
        size = fold_int(call.args[1]) or 0
        types: list[DType] = [BytesType("bytes", size)]
        if len(call.args) > 2:
            types.append(INT64)
        return types, None
    if name == "pcap":
        from .pcap import pcap_types

        return pcap_types(ctx.pcapsize), None
    if name == "print":
        t = pointee(checker.type_of(call.args[0]))
        assert t is not None
        return [UINT64, BytesType("bytes", max(t.size, 1))], PrintSpec(t, enum_labels())
    raise AssertionError(name)


def emit_recorded(cg: ClauseGen, call: ast.Call, desc: ActionDesc) -> None:
    g, asm = cg.g, cg.asm
    if call.name == "tracemem":
        addr = address(cg, call.args[0], desc.fields[0].size)
        copy_memory(cg, addr, desc.fields[0].offset, desc.fields[0].size)
        g.regs.release(addr)
        g.scratch.reset()
        if len(call.args) > 2:
            store_int(cg, call.args[2], desc.fields[1].offset)
        return
    if call.name == "pcap":
        from .pcap import emit_pcap

        emit_pcap(cg, call, desc)
        return
    if call.name == "print":
        addr = address(cg, call.args[0], desc.fields[1].size)
        r = g.regs.reg(addr)
        asm.ldx(DW, R1, FP, FP_RECORD)
        asm.stx(DW, R1, desc.fields[0].offset, r)
        copy_memory(cg, addr, desc.fields[1].offset, desc.fields[1].size)
        g.regs.release(addr)
        g.scratch.reset()
        return
    from .actions import store_values

    values = call.args[1:] if call.name in ("system", "freopen") else call.args
    store_values(cg, values, desc)


def address(cg: ClauseGen, e: ast.Expr, size: int) -> Temp:
    """The address to copy from: alloca'd memory is checked and made one."""
    from . import alloca

    t = cg.g.gen(e)
    if alloca.is_alloca(cg.g, e):
        alloca.to_address(cg.g, t, size)
    return t


def store_int(cg: ClauseGen, e: ast.Expr, offset: int) -> None:
    g, asm = cg.g, cg.asm
    t = g.gen(e)
    asm.ldx(DW, R1, FP, FP_RECORD)
    asm.stx(DW, R1, offset, g.regs.reg(t))
    g.regs.release(t)
    g.scratch.reset()


def copy_memory(cg: ClauseGen, addr: object, offset: int, size: int) -> None:
    """Copy ``size`` bytes at ``addr`` into the record: kernel memory, or else
    the current process's (the kernel zeroes the bytes when neither reads)."""
    g, asm = cg.g, cg.asm

    def dst(reg: int) -> None:
        asm.ldx(DW, reg, FP, FP_RECORD)
        asm.add(reg, offset)

    done = asm.new_label("copied")
    g.call(Helper.probe_read_kernel, dst, size, addr)  # type: ignore[arg-type]
    asm.jeq(R0, 0, done)
    g.call(Helper.probe_read_user, dst, size, addr)  # type: ignore[arg-type]
    asm.label(done)
