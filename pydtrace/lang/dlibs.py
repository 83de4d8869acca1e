"""D library files (dlibs/*.d): inline constants every script may use.

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
    from .parser import parse

    found: dict[str, ast.Inline] = {}
    for path in sorted(DLIBS.glob("*.d")):
        program = parse(path.read_text(), filename=str(path), from_file=True)
        for item in program.items:
            if isinstance(item, ast.Inline):
                found[item.name] = item
    return found
