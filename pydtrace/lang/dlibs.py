"""D library files (dlibs/*.d): the types, translators and inlines DTrace
defines for every script (psinfo_t, fileinfo_t, fds[], curcpu, errno names...).

A script pays for a file only when it names something the file declares:
the file is then parsed, and the checker declares its types and translators
once.  Which file declares which name comes from a quick scan of the files'
text (no parsing), made the first time a name the script does not define
itself is looked up; tests/lang/test_dlibs.py checks that the scan finds
exactly what the parser does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import ast

DLIBS = Path(__file__).parent / "dlibs"

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_TYPEDEF_END = re.compile(r"}\s*(\w+)\s*;")  # typedef struct x { ... } name_t;
_TYPEDEF_SIMPLE = re.compile(r"^typedef\s+[^{;]*?(\w+)\s*;", re.M)
_TAG = re.compile(r"\b(struct|union)\s+(\w+)\s*{")
_INLINE = re.compile(r"^inline\s+[^=;]*?(\w+)\s*(?:\[[^\]]*\])?\s*=", re.M)


@dataclass(frozen=True)
class LibraryFile:
    """One parsed library file."""

    path: Path
    #: type declarations and translators, in file order
    declarations: tuple[ast.Item, ...]
    inlines: dict[str, ast.Inline]


@dataclass(frozen=True)
class NameIndex:
    #: typedef names and "struct tag"/"union tag" -> the file declaring them
    types: dict[str, Path]
    #: inline names -> the file declaring them
    inlines: dict[str, Path]


@cache
def name_index() -> NameIndex:
    index = NameIndex({}, {})
    for path in sorted(DLIBS.glob("*.d")):
        text = _COMMENT.sub("", path.read_text())
        for name in _TYPEDEF_END.findall(text) + _TYPEDEF_SIMPLE.findall(text):
            index.types.setdefault(name, path)
        for kind, tag in _TAG.findall(text):
            index.types.setdefault(f"{kind} {tag}", path)
        for name in _INLINE.findall(text):
            index.inlines.setdefault(name, path)
    return index


def is_library_type(name: str) -> bool:
    """Whether a library file declares the typedef ``name`` (the parser must
    know it is a type before the file is read)."""
    return name in name_index().types


def library_type_file(name: str) -> LibraryFile | None:
    """The file declaring the type ``name`` (a typedef name, or "struct tag")."""
    path = name_index().types.get(name)
    return library_file(path) if path is not None else None


def library_inline(name: str) -> tuple[ast.Inline, LibraryFile] | None:
    """The library inline ``name`` and the file declaring it."""
    path = name_index().inlines.get(name)
    if path is None:
        return None
    found = library_file(path)
    return found.inlines[name], found


@cache
def library_file(path: Path) -> LibraryFile:
    from .parser import parse

    program = parse(path.read_text(), filename=str(path), from_file=True,
                    type_names=_kernel_typedef)
    decls = tuple(i for i in program.items if isinstance(i, ast.Decl | ast.Translator))
    inlines = {i.name: i for i in program.items if isinstance(i, ast.Inline)}
    return LibraryFile(path, decls, inlines)


def _kernel_typedef(name: str) -> bool:
    """Library files may use the kernel's typedefs (dev_t, loff_t) as types."""
    from ..types.kernel import vmlinux

    return vmlinux().find(name, "typedef") is not None
