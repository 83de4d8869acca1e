"""uregs[]: the user registers of the current thread, by constant index.

The index must be an integer constant (the R_* names of regs.d are inline
constants): DTrace reports a variable index, a negative one and one past the
registers it knows with its own tags.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import CompileError
from ..types.dtypes import UINT64, DType
from . import ast
from .parser_decl import fold_int

if TYPE_CHECKING:
    from .check import Checker

#: struct pt_regs has 21 slots on x86_64; 21..25 name thread state
PT_REGS_SLOTS = 21
LAST_INDEX = 25


def is_uregs(e: ast.Expr, checker: Checker) -> bool:
    return isinstance(e, ast.Ident) and e.module is None and e.name == "uregs" and \
        "uregs" not in checker.symbols.globals and "uregs" not in checker.symbols.assocs


def constant(e: ast.Expr, checker: Checker, depth: int = 0) -> int | None:
    """The value of an integer constant, inline constants included."""
    if isinstance(e, ast.Ident) and e.module is None and depth < 16:
        from .dlibs import library_inline

        inline = checker.symbols.inlines.get(e.name)
        if inline is None:
            lib = library_inline(e.name)
            inline = lib[0] if lib is not None else None
        if inline is not None and e.name not in checker.symbols.globals:
            return constant(inline.value, checker, depth + 1)
        return None
    if isinstance(e, ast.Unary) and e.op == "-":
        v = constant(e.operand, checker, depth + 1)
        return -v if v is not None else None
    return fold_int(e)


def check_uregs(e: ast.Index, checker: Checker) -> DType:
    n = len(e.indices)
    if n != 1:
        raise CompileError(f"uregs[ ] prototype mismatch: {n} arg{' ' if n == 1 else 's '}"
                           "passed, 1 expected", "D_PROTO_LEN", e.line)
    t = checker.type_of(e.indices[0])
    index = constant(e.indices[0], checker)
    if index is None:
        raise CompileError("uregs[ ] argument #1 is incompatible with prototype:\n"
                           f"\tprototype: integer constant\n\t argument: {t}",
                           "D_PROTO_ARG", e.line)
    if index < 0:
        raise CompileError(f"index {index} is out of range for array uregs", "D_REGS_IDX",
                           e.line)
    if index > LAST_INDEX:
        raise CompileError(f"uregs[]: index out of bounds ({index})", "D_UNKNOWN", e.line)
    return UINT64
