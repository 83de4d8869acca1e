"""D library files (dlibs/*.d): inline constants and translators every script may use.

They are parsed only when a script names an identifier it does not define
itself, so ordinary scripts pay nothing for them at start-up.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from . import ast

DLIBS = Path(__file__).parent / "dlibs"


@cache
def library_inlines() -> dict[str, ast.Inline]:
    return {name: inline for name, (inline, _) in _library().items()}


def library_declarations(name: str) -> tuple[ast.Item, ...]:
    """The type declarations and translators of the file that defines the
    library inline ``name`` (its value may need them: curpsinfo)."""
    found = _library().get(name)
    return found[1] if found else ()


@cache
def _library() -> dict[str, tuple[ast.Inline, tuple[ast.Item, ...]]]:
    from .parser import parse

    found: dict[str, tuple[ast.Inline, tuple[ast.Item, ...]]] = {}
    for path in sorted(DLIBS.glob("*.d")):
        program = parse(path.read_text(), filename=str(path), from_file=True)
        decls = tuple(i for i in program.items if isinstance(i, ast.Decl | ast.Translator))
        for item in program.items:
            if isinstance(item, ast.Inline):
                found[item.name] = (item, decls)
    return found
