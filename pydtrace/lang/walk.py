"""Generic walks over the AST (its nodes are plain dataclasses)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from . import ast


def nodes(node: object) -> Iterator[object]:
    """Every AST node under ``node`` (itself included), depth first."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, tuple | list):
            stack.extend(reversed(n))
            continue
        if not dataclasses.is_dataclass(n):
            continue
        yield n
        for f in dataclasses.fields(n):
            v = getattr(n, f.name)
            if isinstance(v, tuple | list) or dataclasses.is_dataclass(v):
                stack.append(v)


def builtin_names(clauses: list[ast.Clause]) -> set[str]:
    """Names of the bare identifiers the clauses use (arg0, timestamp, ...);
    args[N] counts as a use of argN."""
    names = set()
    for c in clauses:
        for n in nodes(c):
            if isinstance(n, ast.Ident) and n.module is None:
                names.add(n.name)
            elif isinstance(n, ast.Index) and isinstance(n.base, ast.Ident) and \
                    n.base.name == "args" and len(n.indices) == 1:
                # the index is constant (the checker made sure): mark every
                # argument it may be when it is not a plain literal
                i = n.indices[0]
                names.update([f"arg{i.value}"] if isinstance(i, ast.IntLit)
                             else [f"arg{k}" for k in range(10)])
    return names
