"""Prototypes of the actions beyond printf/trace/exit, checked as DTrace checks them.

Each action has DTrace's prototype (``tracemem(@, size_t, [size_t])``,
``ustack([uint32_t], [uint32_t])``, ...): the checker reports D_PROTO_LEN and
D_PROTO_ARG from it with DTrace's wording, then the action's own rules
(D_STACK_SIZE, D_TRACEMEM_SIZE, ...) that need constant arguments.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import CompileError
from ..types.dtypes import ArrayType, DType
from . import ast
from .parser_decl import fold_int

#: what an argument may be: any value, an integer, a pointer, a string, or
#: what C lets stand for a void *: a pointer, an array or the constant 0
ANY, INTEGER, POINTER, STRING, VOID_POINTER = ("any", "integer", "pointer", "string",
                                               "void pointer")


@dataclass(frozen=True)
class Arg:
    kind: str
    #: the C type DTrace names in its "prototype:" line
    proto: str
    optional: bool = False


@dataclass(frozen=True)
class ActionProto:
    name: str
    params: tuple[Arg, ...]
    #: takes any number of arguments past its parameters (system, freopen)
    varargs: bool = False

    @property
    def required(self) -> int:
        return sum(1 for p in self.params if not p.optional)


_U32 = Arg(INTEGER, "uint32_t", optional=True)
_INT = Arg(INTEGER, "int")
_FMT = Arg(ANY, "string")

ACTION_PROTOS: dict[str, ActionProto] = {
    p.name: p
    for p in (
        ActionProto("stack", (_U32,)),
        ActionProto("ustack", (_U32, _U32)),
        ActionProto("tracemem", (Arg(ANY, "@"), Arg(INTEGER, "size_t"),
                                 Arg(INTEGER, "size_t", optional=True))),
        ActionProto("print", (Arg(POINTER, "void *"),)),
        ActionProto("setopt", (Arg(STRING, "char *"), Arg(STRING, "char *", optional=True))),
        ActionProto("system", (_FMT,), varargs=True),
        ActionProto("freopen", (_FMT,), varargs=True),
        ActionProto("pcap", (Arg(VOID_POINTER, "void *"), _INT)),
        ActionProto("raise", (_INT,)),
        ActionProto("chill", (_INT,)),
        ActionProto("stop", ()),
        ActionProto("panic", ()),
        ActionProto("breakpoint", ()),
    )
}

#: actions DTrace refuses to run unless destructive actions are allowed (-w)
DESTRUCTIVE = frozenset({"system", "freopen", "raise", "stop", "chill", "panic", "breakpoint",
                         "copyout", "copyoutstr"})


def _accepts(kind: str, t: DType, e: ast.Expr) -> bool:
    if kind == VOID_POINTER:
        return t.is_pointer or isinstance(t, ArrayType) or (
            isinstance(e, ast.IntLit) and e.value == 0)
    if kind == INTEGER:
        return t.is_integer
    if kind == POINTER:
        return t.is_pointer
    if kind == STRING:
        return t.is_string or is_char_pointer(t)
    return True


def is_char_pointer(t: DType) -> bool:
    ref = getattr(t, "ref", None) or getattr(t, "target", None)
    return t.is_pointer and ref is not None and getattr(ref, "name", "") in ("char",
                                                                          "const char")


def check_action(proto: ActionProto, call: ast.Call, types: list[DType]) -> None:
    """DTrace's argument checks for one action call."""
    name, line, n = proto.name, call.line, len(types)
    lo, hi = proto.required, len(proto.params)
    if n < lo or (n > hi and not proto.varargs):
        cmp = "" if lo == hi else ("at least " if n < lo else "at most ")
        raise CompileError(
            f"{name}( ) prototype mismatch: {n} arg{'' if n == 1 else 's'} passed, "
            f"{cmp}{lo if n < lo else hi} expected", "D_PROTO_LEN", line)
    for i, (param, t, e) in enumerate(zip(proto.params, types, call.args, strict=False)):
        if not _accepts(param.kind, t, e):
            raise CompileError(
                f"{name}( ) argument #{i + 1} is incompatible with prototype:\n"
                f"\tprototype: {param.proto}\n\t argument: {type_label(t)}", "D_PROTO_ARG",
                line)
    rules = _RULES.get(name)
    if rules is not None:
        rules(call, types)


def type_label(t: DType) -> str:
    """A type as DTrace names it in messages: an anonymous struct or union is
    its kind and a space, as C's type-name printers leave it."""
    return f"{t.name} " if t.name in ("struct", "union") else str(t)


def positive_constant(e: ast.Expr) -> int | None:
    """The value of a non-zero positive integer constant, else None."""
    v = fold_int(e)
    return v if v is not None and v > 0 else None


def _stack_rules(call: ast.Call, types: list[DType]) -> None:
    user = call.name != "stack"
    if call.args and positive_constant(call.args[0]) is None:
        raise CompileError(
            f"{call.name}( ) argument #1 must be a non-zero positive integer constant",
            "D_USTACK_FRAMES" if user else "D_STACK_SIZE", call.line)
    if len(call.args) > 1:
        v = fold_int(call.args[1])
        if v is None or v < 0:
            raise CompileError(f"{call.name}( ) argument #2 must be a positive integer "
                               "constant", "D_USTACK_STRSIZE", call.line)


def _tracemem_rules(call: ast.Call, types: list[DType]) -> None:
    t = types[0]
    if not (t.is_integer or t.is_pointer):
        raise CompileError(
            "tracemem( ) argument #1 is incompatible with prototype:\n"
            f"\tprototype: pointer or integer\n\t argument: {t}", "D_TRACEMEM_ADDR", call.line)
    if positive_constant(call.args[1]) is None:
        raise CompileError("tracemem( ) argument #2 must be a non-zero positive integral "
                           "constant expression", "D_TRACEMEM_SIZE", call.line)


def _freopen_rules(call: ast.Call, types: list[DType]) -> None:
    fmt = call.args[0]
    if isinstance(fmt, ast.StrLit) and fmt.value == b".":
        # "." is never a file one can append to; DTrace refuses it up front
        raise CompileError('freopen( ) argument #1 cannot be "."', "D_FREOPEN_INVALID",
                           call.line)


def _print_rules(call: ast.Call, types: list[DType]) -> None:
    ref = pointee(types[0])
    if ref is not None and ref.size == 0:
        raise CompileError(
            f"print( ) argument #1 reference has type '{ref}' with size 0; "
            "cannot print( ) it.", "D_PRINT_SIZE", call.line)


def pointee(t: DType) -> DType | None:
    return getattr(t, "ref", None) or getattr(t, "target", None)


_RULES = {
    "stack": _stack_rules,
    "ustack": _stack_rules,
    "tracemem": _tracemem_rules,
    "freopen": _freopen_rules,
    "print": _print_rules,
}
