"""xlate expressions: a translator applied to a value.

``xlate <struct out> (e).m`` and ``xlate <struct out *> (e)->m`` mean the
translator's definition of ``m`` with its input name standing for ``e``; the
member expression is rewritten with ``e`` in place of the input name, then
checked and compiled like any expression, so only the members a script reads
are computed.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from ..errors import CompileError
from ..types.dtypes import DType, PointerType, StructType
from . import ast
from .decltypes import resolve_type

if TYPE_CHECKING:
    from .check import Checker
    from .translators import TranslatorInfo


def output_struct(t: DType) -> StructType | None:
    if isinstance(t, StructType):
        return t
    target = getattr(t, "target", None)
    return target if isinstance(t, PointerType) and isinstance(target, StructType) else None


def check_xlate(checker: Checker, e: ast.Xlate) -> DType:
    """The type an xlate expression has: the one it names, once a translator
    from the operand's type to that struct is known."""
    target = resolve_type(e.type, e.line)
    out = output_struct(target)
    if out is None:
        raise CompileError(f"xlate output type must be a struct or union, or a pointer to "
                           f"one: {target}", "D_XLATE_SOU", e.line)
    translator_for(checker, e, out)
    return target


def translator_for(checker: Checker, e: ast.Xlate, out: StructType) -> TranslatorInfo:
    operand = checker.type_of(e.operand)
    table = checker.symbols.translators
    found = table.get((str(operand), str(out)))
    if found is None:
        # a pointer to the input struct reaches a translator of the struct and back
        for (_inp, outp), info in table.items():
            if outp == str(out) and _same_struct(info.input, operand):
                found = info
                break
    if found is None:
        target = resolve_type(e.type, e.line)
        raise CompileError(f"cannot translate from \"{operand}\" to \"{target}\"",
                           "D_XLATE_NONE", e.line)
    return found


def _same_struct(a: DType, b: DType) -> bool:
    sa, sb = output_struct(a), output_struct(b)
    return sa is not None and sb is not None and str(sa) == str(sb) and \
        isinstance(a, PointerType) == isinstance(b, PointerType)


def xlate_base(checker: Checker, base: ast.Expr) -> ast.Xlate | None:
    """The xlate expression a member access applies to: written out, or the
    value of an inline (curpsinfo is ``xlate <psinfo_t *> (curthread)``)."""
    if isinstance(base, ast.Xlate):
        return base
    if isinstance(base, ast.Index):  # an inline array: fds[fd]
        from .inlines import expand

        value = expand(checker, base)
        return value if isinstance(value, ast.Xlate) else None
    if isinstance(base, ast.Ident) and base.module is None and \
            base.name not in checker.symbols.globals:
        inline = checker.symbols.inlines.get(base.name)
        if inline is not None and isinstance(inline.value, ast.Xlate):
            return inline.value
    return None


def translated_member(checker: Checker, e: ast.Member) -> ast.Expr:
    """``xlate<...>(x).m`` as the expression the translator gives for ``m``."""
    xl = xlate_base(checker, e.base)
    assert xl is not None
    out = output_struct(resolve_type(xl.type, xl.line))
    assert out is not None
    info = translator_for(checker, xl, out)
    definition = info.members.get(e.name)
    if definition is None:
        raise CompileError(f"translator member {e.name} is not defined by the translator "
                           f"to {out}", "D_XLATE_INCOMPAT", e.line)
    return substitute(definition, info.in_name, xl.operand)


def substitute(node: object, name: str, replacement: ast.Expr) -> object:
    """``node`` with every reference to the variable ``name`` replaced."""
    return substitute_names(node, {name: replacement})


def substitute_names(node: object, replacements: dict[str, ast.Expr]) -> object:
    """``node`` with every reference to a variable the dict names replaced."""
    if isinstance(node, ast.Ident) and node.name in replacements and node.module is None:
        return replacements[node.name]
    if isinstance(node, tuple):
        return tuple(substitute_names(n, replacements) for n in node)
    if dataclasses.is_dataclass(node) and not isinstance(node, type) and \
            not isinstance(node, ast.TypeName):
        changes = {}
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            new = substitute_names(value, replacements)
            if new is not value:
                changes[f.name] = new
        return dataclasses.replace(node, **changes) if changes else node  # type: ignore[type-var]
    return node
