"""Probe descriptions: field splitting, macro variables and glob matching."""

from __future__ import annotations

import pytest

from pydtrace.errors import CompileError
from pydtrace.lang.ast import ProbeSpec
from pydtrace.lang.probedesc import glob_match, has_glob, parse_probe_spec, spec_matches


@pytest.mark.parametrize(
    ("text", "last", "fields"),
    [
        ("BEGIN", "name", ("", "", "", "BEGIN")),
        ("read:entry", "name", ("", "", "read", "entry")),
        ("syscall::read:entry", "name", ("syscall", "", "read", "entry")),
        ("syscall:::", "name", ("syscall", "", "", "")),
        ("syscall::", "name", ("", "syscall", "", "")),
        ("", "name", ("", "", "", "")),
        ("syscall", "provider", ("syscall", "", "", "")),
        ("vmlinux", "module", ("", "vmlinux", "", "")),
        ("fbt:vmlinux", "module", ("fbt", "vmlinux", "", "")),
        ("read", "function", ("", "", "read", "")),
        ("syscall:vmlinux:read", "function", ("syscall", "vmlinux", "read", "")),
    ],
)
def test_fields_fill_from_the_right(text: str, last: str, fields: tuple[str, ...]) -> None:
    assert parse_probe_spec(text, 3, last) == ProbeSpec(*fields, 3)


def test_overspecified() -> None:
    with pytest.raises(CompileError) as info:
        parse_probe_spec("a:b", 7, "provider")
    assert (info.value.message, info.value.tag, info.value.line) == (
        'invalid probe description "a:b": Overspecified probe description', "D_PDESC_INVAL", 7,
    )


def test_macro_variables() -> None:
    macros = {"0": "x.d", "1": "read", "target": "4242"}
    spec = parse_probe_spec("pid$target:a.out:$1:entry", 1, macros=macros)
    assert spec == ProbeSpec("pid4242", "a.out", "read", "entry", 1)
    assert parse_probe_spec("$$1", 1, macros=macros).name == "read"
    assert parse_probe_spec("x$1y", 1, macros=macros).name == "xready"


def test_undefined_macro_variable() -> None:
    with pytest.raises(CompileError) as info:
        parse_probe_spec("pid$target:::entry", 2)
    assert info.value.message == (
        'invalid probe description "pid$target:::entry": '
        "Undefined macro variable in probe description"
    )


@pytest.mark.parametrize(
    ("pattern", "text", "result"),
    [
        ("", "anything", True),
        ("read", "read", True),
        ("read", "readv", False),
        ("read*", "readv", True),
        ("*read*", "pread64", True),
        ("re?d", "reed", True),
        ("re?d", "rd", False),
        ("[a-c]*", "bar", True),
        ("[a-c]*", "dog", False),
        ("[!a-c]*", "dog", True),
        ("[^a-c]*", "cat", False),
        ("[]]", "]", True),
        ("[!]]", "a", True),
        ("[ab-]", "-", True),
        ("\\*", "*", True),
        ("\\*", "a", False),
        ("a\\", "a\\", False),
        ("[", "[", True),
        ("[[:digit:]]x", "7x", True),
        ("[[:alpha:]]x", "7x", False),
        ("*", "", True),
        ("sys_*_entry", "sys_a/b_entry", True),
        ("[z-a]", "m", False),
    ],
)
def test_glob_match(pattern: str, text: str, result: bool) -> None:
    assert glob_match(pattern, text) is result


def test_has_glob() -> None:
    assert [has_glob(p) for p in ("read", "re*", "r?", "[a]", "a\\b")] == [
        False, True, True, True, True,
    ]


def test_spec_matches() -> None:
    spec = ProbeSpec("syscall", "", "open*", "entry", 1)
    assert spec_matches(spec, "syscall", "vmlinux", "openat", "entry")
    assert not spec_matches(spec, "syscall", "vmlinux", "openat", "return")
    assert not spec_matches(spec, "fbt", "vmlinux", "openat", "entry")
