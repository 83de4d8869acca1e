"""args[]: the probe's arguments typed as its provider describes them.

The index must be an integer constant, the clause's probes must all have the
same argument types (else which type would args[0] have?), and the index must
name one of them.  DTrace's D_ARGS_* errors say which rule failed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import CompileError
from ..types.dtypes import DType, parse_c_type
from . import ast

if TYPE_CHECKING:
    from .check import Checker


@dataclass(frozen=True)
class ClauseArgs:
    """The argument types the clause's probes share, or None when they differ."""

    description: str
    types: tuple[str, ...] | None


#: the compiler's answer to "which argument types do this clause's probes have?"
ArgsLookup = Callable[[ast.Clause], ClauseArgs]


def is_args(e: ast.Expr, checker: Checker) -> bool:
    return isinstance(e, ast.Ident) and e.module is None and e.name == "args" and \
        "args" not in checker.symbols.globals and "args" not in checker.symbols.assocs


def check_args(e: ast.Index, checker: Checker, clause: ast.Clause | None,
               lookup: ArgsLookup | None) -> DType:
    n = len(e.indices)
    if n != 1:
        raise CompileError(f"args[ ] prototype mismatch: {n} arg{' ' if n == 1 else 's '}"
                           "passed, 1 expected", "D_PROTO_LEN", e.line)
    t = checker.type_of(e.indices[0])
    index = checker.constant(e.indices[0])
    if index is None:
        raise CompileError("args[ ] argument #1 is incompatible with prototype:\n"
                           f"\tprototype: integer constant\n\t argument: {t}",
                           "D_PROTO_ARG", e.line)
    if clause is None or lookup is None:
        raise CompileError("args[ ] may not be referenced outside of a probe clause",
                           "D_ARGS_NONE", e.line)
    found = lookup(clause)
    if found.types is None:
        raise CompileError(f"args[ ] may not be referenced because probe description "
                           f"{found.description} matches an unstable set of probes",
                           "D_ARGS_MULTI", e.line)
    if not 0 <= index < len(found.types):
        raise CompileError(f"index {index} is out of range for {found.description} args[ ]",
                           "D_ARGS_IDX", e.line)
    return arg_type(found.types[index])


def arg_type(text: str) -> DType:
    """An argument's type from its C text: a pointer to a kernel struct or
    union is typed from BTF (so args[0]->member reads it), the rest as
    parse_c_type maps them."""
    if text.rstrip().endswith("*") and ("struct " in text or "union " in text):
        from .decltypes import resolve_type
        from .parser import parse_type

        try:
            return resolve_type(parse_type(text), 0)
        except CompileError:
            pass
    return parse_c_type(text)


def args_index(e: ast.Index, checker: Checker) -> int:
    """The argument an args[] reference reads (the checker made sure it is constant)."""
    index = checker.constant(e.indices[0])
    assert index is not None
    return index
