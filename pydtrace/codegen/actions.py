"""Data-recording actions: printf(), trace(), exit()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..consumer import printf as pf
from ..consumer import printf_check as pc
from ..errors import CompileError
from ..lang import ast
from ..lang.builtins import AGG_ACTIONS, USER_SYMBOL_ACTIONS
from ..lang.check import Checker
from ..lang.parser_decl import fold_int
from ..types.dtypes import INT, STRING, DType, IntType, is_char_array
from .asm import DW, FP, R0, R1, R2
from .context import CompileContext
from .layout import ActionDesc
from .recorded import RECORDED, emit_recorded, recorded_arguments
from .regs import FP_RECORD
from .stacks import emit_stack, stack_bytes


@dataclass(frozen=True)
class StackType(DType):
    """The value stack()/ustack() record: that many bytes of program counters."""

if TYPE_CHECKING:
    from .clause import ClauseGen
    from .expr import ExprGen


#: what printf's checks call an aggregation given as an argument
AGGREGATION = DType("aggregation", 8)


def arg_info(t: DType) -> pc.ArgInfo:
    """What printf's argument checks need to know of a D type."""
    if t.name in ("stack", "ustack"):
        return pc.ArgInfo("stack", pc.TypeClass.STACK, t.size, False, "stack")
    if t.is_string:
        return pc.ArgInfo("string", pc.TypeClass.STRING, 0, False, "string")
    if t.name in ("stack", "ustack"):  # both are of D's type "stack"
        return pc.ArgInfo("stack", pc.TypeClass.STACK, t.size, False, "stack")
    if is_char_array(t):
        return pc.ArgInfo(t.name, pc.TypeClass.CHAR_ARRAY, t.size, False, t.name)
    if t.is_pointer:
        return pc.ArgInfo(t.name, pc.TypeClass.POINTER, 8, False, t.name)
    from ..lang.decltypes import FloatType

    if isinstance(t, FloatType):
        return pc.ArgInfo(t.name, pc.TypeClass.FLOAT, t.size, True, t.name)
    if isinstance(t, IntType):
        from ..types.dtypes import integer_of

        resolved = integer_of(t.size, t.signed).name
        resolved = {"uint_t": "unsigned int"}.get(resolved, resolved)
        return pc.ArgInfo(
            t.name, pc.TypeClass.INTEGER, t.size, t.signed, resolved, (t.name,),
            is_char=t.name in ("char", "signed char", "unsigned char"),
        )
    return pc.ArgInfo(t.name, pc.TypeClass.OTHER, t.size, False, t.name)


def stack_frames(ctx: CompileContext, call: ast.Call) -> int:
    """Frames a stack()/ustack() records: its argument or the option, at most maxframes."""
    frames = ctx.stackframes if call.name == "stack" else ctx.ustackframes
    if call.args:
        frames = fold_int(call.args[0]) or frames
    return min(frames, ctx.maxframes)


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
            t = checker.type_of(fmt_arg)
            if t.is_string:
                raise CompileError(
                    "printf( ) argument #1 is incompatible with prototype:\n"
                    f"\tprototype: string constant\n\t argument: {t}",
                    "D_PRINTF_ARG_FMT", call.line,
                )
            raise CompileError(
                "printf( ) argument #1 is incompatible with prototype:\n"
                f"\tprototype: string\n\t argument: {t}", "D_PROTO_ARG", call.line)
        try:
            fmt = pf.parse_format(fmt_arg.value.decode("utf-8", "surrogateescape"))
            types = [AGGREGATION if isinstance(a, ast.AggRef) else checker.type_of(a)
                     for a in call.args[1:]]
            specs = pc.check_args(fmt, "printf", [arg_info(t) for t in types])
        except CompileError as err:
            err.line = err.line or call.line
            raise
        return types, (fmt, specs)
    if name == "trace":
        _arity(call, 1, 1)
        t = checker.type_of(call.args[0])
        if t.name == "void":
            raise CompileError("trace( ) may not be applied to a void expression",
                               "D_TRACE_VOID", call.line)
        if t.is_string:
            # DTrace records strsize bytes for any string: the buffer fills
            # (and drops) as it does there
            return [STRING], None
        return [t], None
    if name in ("exit", "speculate", "commit", "discard"):
        _arity(call, 1, 1)
        t = checker.type_of(call.args[0])
        if not t.is_integer:
            raise CompileError(
                f"{name}( ) argument #1 is incompatible with prototype:\n"
                f"\tprototype: int\n\t argument: {t}",
                "D_PROTO_ARG", call.line,
            )
        return [INT], None
    if name in ("sym", "func", "mod", "usym", "ufunc", "uaddr", "umod"):
        return [checker.type_of(call)], None
    if name in ("stack", "ustack"):
        return [StackType(name, stack_bytes(name, stack_frames(ctx, call)))], None
    if name in AGG_ACTIONS:
        return agg_action_arguments(ctx, checker, call)
    if name in RECORDED:
        return recorded_arguments(ctx, checker, call)
    raise AssertionError(name)


@dataclass(frozen=True)
class AggAction:
    """What the consumer needs for printa/clear/trunc/normalize/denormalize."""

    kind: str
    aggs: tuple[str, ...]
    format: object = None  # printa's compiled format, if it has one


def agg_action_arguments(
    ctx: CompileContext, checker: Checker, call: ast.Call
) -> tuple[list[DType], object]:
    name, args = call.name, list(call.args)
    fmt = None
    if name == "printa" and args and isinstance(args[0], ast.StrLit):
        fmt = pf.parse_format(args.pop(0).value.decode("utf-8", "surrogateescape"))
    refs = [a for a in args if isinstance(a, ast.AggRef)]
    values = [a for a in args if not isinstance(a, ast.AggRef)]
    want_values = {"trunc": (0, 1), "normalize": (1, 1)}.get(name, (0, 0))
    if not refs or (name != "printa" and len(refs) != 1) or \
            not want_values[0] <= len(values) <= want_values[1] or \
            (args and not isinstance(args[0], ast.AggRef)):
        raise CompileError(f"{name}( ) prototype mismatch: wrong arguments", "D_PROTO_LEN",
                           call.line)
    names = tuple(r.name for r in refs)
    check_printa_keys(checker, names, call.line)
    if fmt is not None:
        info = checker.symbols.aggs[names[0]]
        agg_arg = pc.ArgInfo("uint64_t" if info.func == "count" else "int64_t",
                             pc.TypeClass.INTEGER, 8, info.func != "count", "long")
        try:
            pc.check_args(fmt, "printa", [arg_info(t) for t in info.key_types],
                          agg_arg=agg_arg, exact=False)
        except CompileError as err:
            err.line = err.line or call.line
            raise
    types = []
    for v in values:
        t = checker.type_of(v)
        if not t.is_integer:
            raise CompileError(f"{name}( ) argument #2 must be of integral type",
                               "D_PROTO_ARG", call.line)
        types.append(t)
    return types, AggAction(name, names, fmt)


def check_printa_keys(checker: Checker, names: tuple[str, ...], line: int) -> None:
    """Aggregations printed side by side must have the same key signature."""
    aggs = checker.symbols.aggs
    first = aggs[names[0]]
    for other in names[1:]:
        o = aggs[other]
        la, ra = len(first.key_types), len(o.key_types)
        if la != ra:
            raise CompileError(
                f"printa( ): @{first.name} and @{o.name} do not have matching key signatures: "
                f"@{first.name} has {la} key{'s' if la != 1 else ''}, "
                f"@{o.name} has {ra} key{'s' if ra != 1 else ''}", "D_PRINTA_AGGKEY", line)
        for n, (a, b) in enumerate(zip(first.key_types, o.key_types, strict=True), 1):
            if a.is_string != b.is_string:
                raise CompileError(
                    f"printa( ): @{o.name}[ ] key #{n} is incompatible with @{first.name}:\n"
                    f"{first.name:>9} key #{n}: {a}\n{o.name:>9} key #{n}: {b}",
                    "D_PRINTA_AGGPROTO", line)


def store_pid(g: ExprGen, base: Callable[[int], None], offset: int) -> None:
    """The current process id at ``base + offset`` (what names a user address)."""
    g.asm.call(Helper.get_current_pid_tgid)
    g.asm.rsh(R0, 32)
    base(R1)
    g.asm.stx(DW, R1, offset, R0)


def store_values(cg: ClauseGen, values: tuple[ast.Expr, ...], desc: ActionDesc) -> None:
    """Evaluate each value into its field of the record."""
    g, asm = cg.g, cg.asm
    for e, f in zip(values, desc.fields, strict=True):
        t = g.gen(e)
        if f.kind == "string":
            if t.dtype.is_string:
                from .nullstr import fault_if_null

                fault_if_null(g, t)  # tracing a NULL string faults, as in DTrace

            def dst(reg: int, off: int = f.offset) -> None:
                asm.ldx(DW, reg, FP, FP_RECORD)
                asm.add(reg, off)

            g.call(Helper.probe_read_kernel_str, dst, f.size, t)
        elif f.kind == "bytes":  # a struct, union or array: its bytes as they are

            def dst_bytes(reg: int, off: int = f.offset) -> None:
                asm.ldx(DW, reg, FP, FP_RECORD)
                asm.add(reg, off)

            g.call(Helper.probe_read_kernel, dst_bytes, f.size, t)
        else:
            r = g.regs.reg(t)
            asm.ldx(DW, R1, FP, FP_RECORD)
            asm.stx(DW, R1, f.offset, r)
        g.regs.release(t)
        g.scratch.reset()


def emit_action(cg: ClauseGen, call: ast.Call, desc: ActionDesc) -> None:
    g, asm = cg.g, cg.asm
    if call.name in ("stack", "ustack"):
        f = desc.fields[0]
        emit_stack(asm, call.name, lambda reg: asm.ldx(DW, reg, FP, FP_RECORD), f.offset, f.size,
                   g.no_kernel_stack)
        return
    if call.name in RECORDED:
        emit_recorded(cg, call, desc)
        return
    if call.name in USER_SYMBOL_ACTIONS:
        f = desc.fields[0]
        store_pid(cg.g, lambda reg: asm.ldx(DW, reg, FP, FP_RECORD), f.offset)
        store_values(cg, (call,), ActionDesc(desc.kind, (replace(f, offset=f.offset + 8),)))
        return
    if call.name in ("sym", "func", "mod"):
        values = (call,)
    elif call.name == "printf":
        values = call.args[1:]
    else:
        values = tuple(a for i, a in enumerate(call.args)
                       if not isinstance(a, ast.AggRef)
                       and not (call.name == "printa" and i == 0 and isinstance(a, ast.StrLit)))
    store_values(cg, values, desc)
    if call.name in ("commit", "discard"):
        # an id past nspec is an illegal operation, as in DTrace (0 does nothing)
        from .faults import FAULT_ILLOP
        from .specs import mark_draining

        f = desc.fields[0]
        asm.ldx(DW, R1, FP, FP_RECORD)
        asm.ldx(DW, R1, R1, f.offset)
        inside, check = asm.new_label("inspec"), asm.new_label("speck")
        asm.jcc("jle", R1, cg.ctx.nspec, inside)  # unsigned: -1 is past nspec too
        asm.mov(R2, -1)
        asm.ja(check)
        asm.label(inside)
        asm.mov(R2, 0)
        asm.label(check)
        cg.fault_if_negative(R2, FAULT_ILLOP)
        spec_id = g.regs.alloc(INT)
        asm.ldx(DW, R1, FP, FP_RECORD)
        asm.ldx(DW, g.regs.reg(spec_id), R1, f.offset)
        mark_draining(cg, g.regs.reg(spec_id))
        g.regs.release(spec_id)
    if call.name == "speculate":
        from .specs import speculate_guard

        spec_id = g.regs.alloc(INT)
        asm.ldx(DW, R1, FP, FP_RECORD)
        asm.ldx(DW, g.regs.reg(spec_id), R1, desc.fields[0].offset)
        speculate_guard(cg, g.regs.reg(spec_id))
        g.regs.release(spec_id)
    if call.name == "exit":
        cg.set_draining()
