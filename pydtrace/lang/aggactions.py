"""printa(), clear(), trunc(), normalize() and denormalize(): their arguments
checked with DTrace's messages and tags (the aggregation arguments first, as
DTrace's code generator checks them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import CompileError
from ..types.dtypes import VOID, DType
from . import ast
from .builtins import AGG_FUNCS

if TYPE_CHECKING:
    from .check import Checker

#: the tag for a first argument that is not an aggregation
AGGARG_TAGS = {
    "clear": "D_CLEAR_AGGARG",
    "trunc": "D_TRUNC_AGGARG",
    "normalize": "D_NORMALIZE_AGGARG",
    "denormalize": "D_NORMALIZE_AGGARG",
    "printa": "D_PRINTA_AGGARG",
}


def type_name(checker: Checker, e: ast.Expr) -> str:
    """The type DTrace names for an argument that should have been an aggregation."""
    if isinstance(e, ast.AggRef):
        return "aggregation"
    if isinstance(e, ast.Call) and e.name in AGG_FUNCS:
        return "aggregating function"
    return str(checker.type_of(e))


def not_aggregation(checker: Checker, call: ast.Call, arg: ast.Expr, number: int) -> CompileError:
    return CompileError(
        f"{call.name}( ) argument #{number} is incompatible with prototype:\n"
        f"\tprototype: aggregation\n\t argument: {type_name(checker, arg)}",
        AGGARG_TAGS[call.name], call.line)


def check_agg_action(checker: Checker, call: ast.Call) -> DType:
    args = list(call.args)
    if call.name == "printa":
        _printa(checker, call, args)
    else:
        if not args:
            raise CompileError(f"{call.name}( ) prototype mismatch: 0 args passed, "
                               f"{1 if call.name != 'normalize' else 2} expected",
                               "D_PROTO_LEN", call.line)
        if not isinstance(args[0], ast.AggRef):
            raise not_aggregation(checker, call, args[0], 1)
        _values(checker, call, args[1:])
    for a in args:
        if isinstance(a, ast.AggRef):
            _known(checker, call, a)
    return VOID


def _printa(checker: Checker, call: ast.Call, args: list[ast.Expr]) -> None:
    required = 2 if args and isinstance(args[0], ast.StrLit) else 1
    if len(args) < required:
        # no argument at all is the generic length error; a format alone is printa's
        raise CompileError(f"printa( ) prototype mismatch: {len(args)} args passed, "
                           f"{required} expected", "D_PRINTA_PROTO" if args else "D_PROTO_LEN",
                           call.line)
    for a in args[required - 1:]:
        if not isinstance(a, ast.AggRef):
            # DTrace names the first aggregation's position, whichever is wrong
            raise not_aggregation(checker, call, a, required)


def _values(checker: Checker, call: ast.Call, values: list[ast.Expr]) -> None:
    """trunc()'s count and normalize()'s factor: integers, at most one."""
    limits = {"trunc": (0, 1), "normalize": (1, 1)}.get(call.name, (0, 0))
    lo, hi = limits
    if not lo <= len(values) <= hi:
        expected = 1 + hi
        raise CompileError(f"{call.name}( ) prototype mismatch: {1 + len(values)} args "
                           f"passed, {expected} expected", "D_PROTO_LEN", call.line)
    for v in values:
        t = "aggregation" if isinstance(v, ast.AggRef) else None
        if t is None:
            vt = checker.type_of(v)
            if vt.is_integer:
                continue
            t = str(vt)
        proto = "int64_t" if call.name == "trunc" else "uint64_t"
        raise CompileError(f"{call.name}( ) argument #2 is incompatible with prototype:\n"
                           f"\tprototype: {proto}\n\t argument: {t}", "D_PROTO_ARG", call.line)


def _known(checker: Checker, call: ast.Call, a: ast.AggRef) -> None:
    from .check import undefined

    if a.keys:
        raise CompileError(f"{call.name}( ) argument must be an aggregation without keys",
                           "D_PROTO_ARG", call.line)
    if a.name not in checker.symbols.aggs:
        raise undefined("@", a.name, call.line)
