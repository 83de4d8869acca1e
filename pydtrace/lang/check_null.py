"""Checks around NULL and reading a variable before it exists.

:class:`NullChecks` is the part of the checker that knows the constant NULL
(which a string may be compared with or assigned, and which a string or
pointer parameter accepts) and DTrace's rule that ``x op= y`` reads x, so x
must have been declared or assigned before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import CompileError
from . import ast
from .builtins import BUILTIN_VARS

if TYPE_CHECKING:
    from .check import Symbols


class NullChecks:
    symbols: Symbols

    def is_null(self, e: ast.Expr | None) -> bool:
        """Is ``e`` the constant NULL (0, NULL, or a cast of either)?"""
        if isinstance(e, ast.Cast):
            return self.is_null(e.operand)
        if isinstance(e, ast.Ident) and e.module is None and e.name not in self.symbols.globals:
            inline = self.symbols.inlines.get(e.name)
            return inline is not None and self.is_null(inline.value)
        return is_zero(e)

    def _read_before_write(self, target: ast.Expr) -> None:
        """x op= y reads x first: D wants x declared or assigned before
        (only ++ and -- may bring a variable into being)."""
        sym = self.symbols
        prefix, name, table = "", None, sym.globals
        if isinstance(target, ast.Ident) and target.module is None and \
                target.name not in BUILTIN_VARS and target.name not in sym.assocs:
            name = target.name
        elif isinstance(target, ast.SelfVar):
            prefix, name, table = "self->", target.name, sym.self_vars
        elif isinstance(target, ast.ThisVar):
            prefix, name, table = "this->", target.name, sym.this_vars
        if name is not None and name not in table and (
                prefix or name not in sym.inlines):
            raise CompileError(f"{prefix}{name} has not yet been declared or assigned",
                               "D_VAR_UNDEF", target.line)


def is_int_constant(e: ast.Expr) -> bool:
    if isinstance(e, ast.Unary) and e.op in ("-", "+"):
        return is_int_constant(e.operand)
    return isinstance(e, ast.IntLit)


def is_zero(e: ast.Expr | None) -> bool:
    return isinstance(e, ast.IntLit) and e.value == 0
