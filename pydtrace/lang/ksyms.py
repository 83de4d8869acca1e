"""``&`name``: the address of a kernel symbol, from /proc/kallsyms.

DTrace lets a script take the address of any kernel variable by its symbol
(`` &`linux_banner``, `` &vmlinux`init_task``); the address is a constant
known when the script is compiled.
"""

from __future__ import annotations

from ..errors import CompileError
from ..types.dtypes import VOID, DType, PointerType
from . import ast


def is_kernel_symbol(e: ast.Expr) -> bool:
    return isinstance(e, ast.Ident) and e.module is not None


def symbol_address(e: ast.Ident) -> int:
    from ..symbols.kallsyms import kallsyms

    addr = kallsyms().address(e.name, e.module or None)
    if addr is None:
        where = f"{e.module}`" if e.module else "`"
        raise CompileError(f"failed to resolve {where}{e.name}: Unknown symbol name",
                           "D_IDENT_UNDEF", e.line)
    return addr


def symbol_pointer(e: ast.Ident) -> DType:
    """The type of ``&`name``: an untyped kernel address (cast it to use it)."""
    symbol_address(e)
    return PointerType("void *", 8, VOID)
