"""translator declarations: checked as DTrace checks them, and remembered.

``translator <out> < <in> name > { member = expression; ... };`` says how to
compute each member of the output struct or union from the input.  The
member expressions are cooked with ``name`` standing for a value of the
input type.  Errors report the line that ends the declaration, as DTrace's
do, except those found inside a member's expression.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import CompileError
from ..types.dtypes import DType, StructType, is_char_array
from . import ast
from .decltypes import resolve_type

if TYPE_CHECKING:
    from .check import Checker


@dataclass(frozen=True)
class TranslatorInfo:
    output: DType
    input: DType
    in_name: str
    members: dict[str, ast.Expr]


def declare_translator(checker: Checker, item: ast.Translator, lenient: bool = False) -> None:
    """Check and remember a translator.  ``lenient`` (the D library's): a
    member whose definition this kernel's types cannot give is left out,
    so the rest of the translator still works."""
    from ..types.kernel import member

    out = resolve_type(item.out_type, item.line)
    if not isinstance(out, StructType):
        raise CompileError("translator output type must be a struct or union", "D_XLATE_SOU",
                           item.line)
    inp = resolve_type(item.in_type, item.line)
    table = checker.symbols.translators
    key = (str(inp), str(out))
    if key in table:
        raise CompileError(f"translator from {inp} to {out} has already been declared",
                           "D_XLATE_REDECL", item.line)
    for m in item.members:
        if member(out, m.name) is None:
            raise CompileError(f"translator member {m.name} is not a member of {out}",
                               "D_XLATE_MEMB", item.line)
    globals_ = checker.symbols.globals
    shadowed = globals_.get(item.in_name)
    globals_[item.in_name] = inp  # the input, while its members are cooked
    defined: dict[str, ast.Expr] = {}
    try:
        for m in item.members:
            try:
                _check_member(checker, out, m, item.line)
            except CompileError:
                if not lenient:
                    raise
                continue
            defined[m.name] = m.value
    finally:
        if shadowed is None:
            del globals_[item.in_name]
        else:
            globals_[item.in_name] = shadowed
    table[key] = TranslatorInfo(out, inp, item.in_name, defined)


def _check_member(checker: Checker, out: StructType, m: ast.TranslatorMember,
                  line: int) -> None:
    from ..types.kernel import member

    want = member(out, m.name)[1]  # type: ignore[index]
    got = checker.type_of(m.value)
    null = want.is_pointer and isinstance(m.value, ast.IntLit) and m.value.value == 0
    if not assignable(want, got) and not null:
        raise CompileError(f"translator member {m.name} definition uses incompatible "
                           f"types: \"{want}\" = \"{got}\"", "D_XLATE_INCOMPAT", line)


def assignable(want: DType, got: DType) -> bool:
    """Whether a value of type ``got`` may be stored where ``want`` is (D's rules
    for assignment, as a translator member definition follows them)."""
    if want.is_integer and got.is_integer:
        return True
    if want.is_string or is_char_array(want):
        return got.is_string or is_char_array(got) or got.is_pointer
    if want.is_pointer:
        return got.is_pointer or is_char_array(got) or got.is_string
    if isinstance(want, StructType):
        return isinstance(got, StructType) and str(got) == str(want)
    return str(want) == str(got)
