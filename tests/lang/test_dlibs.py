"""The D library files: the quick scan that says which file declares which
name agrees with the parser, and every file declares cleanly on this kernel."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pydtrace.lang import ast
from pydtrace.lang.check import Checker
from pydtrace.lang.dlibs import DLIBS, _kernel_typedef, library_file, name_index
from pydtrace.lang.parser import parse

FILES = sorted(DLIBS.glob("*.d"))


def _declared(path) -> tuple[set[str], set[str]]:
    """(type names and struct tags, inline names) the parser finds in a file."""
    types: set[str] = set()
    inlines: set[str] = set()
    program = parse(path.read_text(), filename=str(path), from_file=True, type_names=_kernel_typedef)
    for item in program.items:
        if isinstance(item, ast.Inline):
            inlines.add(item.name)
        elif isinstance(item, ast.Decl):
            if item.storage == "typedef":
                types.update(d.name for d in item.names if d.name)
            tag = item.base
            if tag.struct_def is not None:
                types.add(tag.base)
    return types, inlines


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_scan_finds_what_the_parser_declares(path) -> None:
    index = name_index()
    types, inlines = _declared(path)
    assert {n for n, p in index.types.items() if p == path} == types
    assert {n for n, p in index.inlines.items() if p == path} == inlines


def test_no_name_is_declared_twice() -> None:
    seen: dict[str, str] = {}
    for path in FILES:
        types, inlines = _declared(path)
        for name in types | inlines:
            assert name not in seen, f"{name} in {seen.get(name)} and {path.name}"
            seen[name] = path.name


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_translator_declares_on_this_kernel(path) -> None:
    checker = Checker(ast.Program(()))
    lib = library_file(path)
    checker.declare_library(lib, strict=True)
    wanted = sum(isinstance(i, ast.Translator) for i in lib.declarations)
    assert len(checker.symbols.translators) >= wanted


def _modules_after_compiling(program: str) -> set[str]:
    code = ("import sys\nfrom pydtrace import Session\ns = Session()\n"
            f"s.add_program({program!r})\ns.compile()\nprint(' '.join(sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    return set(out.split())


def test_a_script_that_names_nothing_of_the_library_never_reads_it() -> None:
    assert "pydtrace.lang.dlibs" not in _modules_after_compiling(
        'syscall::read:entry { @[execname] = count(); } BEGIN { x = 1; exit(x); }')
    assert "pydtrace.lang.dlibs" in _modules_after_compiling("BEGIN { trace(EPERM); }")
