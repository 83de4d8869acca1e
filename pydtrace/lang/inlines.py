"""Inline arrays: ``inline type name[type p, ...] = expr;``.

``name[a, ...]`` means ``expr`` with each parameter standing for its
argument (converted to the parameter's type), as D's library writes ``fds[fd]``: the expression is rewritten,
then checked and compiled like any other, so an inline array costs nothing
until it is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import CompileError
from . import ast
from .xlate import substitute_names

if TYPE_CHECKING:
    from .check import Checker


def inline_array(checker: Checker, e: ast.Index) -> ast.Inline | None:
    """The inline array ``e`` subscripts, if it is one."""
    base = e.base
    if not isinstance(base, ast.Ident) or base.module is not None:
        return None
    symbols = checker.symbols
    if base.name in symbols.globals or base.name in symbols.assocs:
        return None
    inline = symbols.inlines.get(base.name) or checker.library_inline(base.name)
    return inline if inline is not None and inline.params else None


def expand(checker: Checker, e: ast.Index) -> ast.Expr | None:
    """``name[args]`` as the inline's expression, if ``name`` is an inline array."""
    inline = inline_array(checker, e)
    if inline is None:
        return None
    n = len(e.indices)
    if n != len(inline.params):
        raise CompileError(f"{inline.name}[ ] prototype mismatch: {n} key{'s' if n != 1 else ''} "
                           f"passed, {len(inline.params)} expected", "D_PROTO_LEN", e.line)
    # each argument converted to its parameter's type, as a call would
    types = inline.type.derived[0][1]
    args = [ast.Cast(i.line, t, i) for t, i in zip(types, e.indices, strict=True)]
    value = substitute_names(inline.value, dict(zip(inline.params, args, strict=True)))
    return value  # type: ignore[return-value]
