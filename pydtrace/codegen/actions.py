"""Data-recording actions: printf(), trace(), exit()."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..consumer import printf as pf
from ..consumer import printf_check as pc
from ..errors import CompileError
from ..lang import ast
from ..lang.check import Checker
from ..types.dtypes import INT, DType, IntType
from .asm import DW, FP, R1
from .context import CompileContext
from .layout import ActionDesc
from .regs import FP_RECORD

if TYPE_CHECKING:
    from .clause import ClauseGen


def arg_info(t: DType) -> pc.ArgInfo:
    """What printf's argument checks need to know of a D type."""
    if t.is_string:
        return pc.ArgInfo("string", pc.TypeClass.STRING, 0, False, "string")
    if t.is_pointer:
        return pc.ArgInfo(t.name, pc.TypeClass.POINTER, 8, False, t.name)
    if isinstance(t, IntType):
        from ..types.dtypes import integer_of

        resolved = integer_of(t.size, t.signed).name
        resolved = {"uint_t": "unsigned int"}.get(resolved, resolved)
        return pc.ArgInfo(
            t.name, pc.TypeClass.INTEGER, t.size, t.signed, resolved, (t.name,),
            is_char=t.name in ("char", "signed char", "unsigned char"),
        )
    return pc.ArgInfo(t.name, pc.TypeClass.OTHER, t.size, False, t.name)


def _arity(call: ast.Call, lo: int, hi: int) -> None:
    n = len(call.args)
    if n < lo or n > hi:
        raise CompileError(
            f"{call.name}( ) prototype mismatch: {n} arg{'s' if n != 1 else ''} passed, "
            f"{'at least ' if hi > lo else ''}{lo} expected",
            "D_PROTO_LEN",
            call.line,
        )


def action_arguments(
    ctx: CompileContext, checker: Checker, call: ast.Call
) -> tuple[list[DType], object]:
    """The types of the values an action records, and printf's compiled format."""
    name = call.name
    if name == "printf":
        if not call.args:
            raise CompileError(
                "printf( ) prototype mismatch: 0 args passed, at least 1 expected",
                "D_PROTO_LEN", call.line,
            )
        fmt_arg = call.args[0]
        if not isinstance(fmt_arg, ast.StrLit):
            raise CompileError(
                "printf( ) argument #1 is incompatible with prototype:\n"
                f"\tprototype: string constant\n\t argument: {checker.type_of(fmt_arg)}",
                "D_PRINTF_ARG_FMT", call.line,
            )
        try:
            fmt = pf.parse_format(fmt_arg.value.decode("latin-1"))
            types = [checker.type_of(a) for a in call.args[1:]]
            specs = pc.check_args(fmt, "printf", [arg_info(t) for t in types])
        except CompileError as err:
            err.line = err.line or call.line
            raise
        return types, (fmt, specs)
    if name == "trace":
        _arity(call, 1, 1)
        t = checker.type_of(call.args[0])
        if t.name == "void":
            raise CompileError(
                "trace( ) argument #1 is incompatible with prototype:\n"
                "\tprototype: any type\n\t argument: void",
                "D_PROTO_ARG", call.line,
            )
        return [t], None
    if name == "exit":
        _arity(call, 1, 1)
        t = checker.type_of(call.args[0])
        if not t.is_integer:
            raise CompileError(
                "exit( ) argument #1 is incompatible with prototype:\n"
                f"\tprototype: int\n\t argument: {t}",
                "D_PROTO_ARG", call.line,
            )
        return [INT], None
    raise AssertionError(name)


def emit_action(cg: ClauseGen, call: ast.Call, desc: ActionDesc) -> None:
    g, asm = cg.g, cg.asm
    values = call.args[1:] if call.name == "printf" else call.args
    for e, f in zip(values, desc.fields, strict=True):
        t = g.gen(e)
        if f.kind == "string":

            def dst(reg: int, off: int = f.offset) -> None:
                asm.ldx(DW, reg, FP, FP_RECORD)
                asm.add(reg, off)

            g.call(Helper.probe_read_kernel_str, dst, f.size, t)
        else:
            r = g.regs.reg(t)
            asm.ldx(DW, R1, FP, FP_RECORD)
            asm.stx(DW, R1, f.offset, r)
        g.regs.release(t)
        g.scratch.reset()
    if call.name == "exit":
        cg.set_draining()
