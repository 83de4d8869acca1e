"""Compile errors for subroutine calls: DTrace's exact prototype messages.

The texts follow DTrace's dt_idcook_sign(): "N args passed, [at least|at
most] M expected" (D_PROTO_LEN) and "argument #N is incompatible with
prototype" with the prototype's C type (D_PROTO_ARG).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from dtrace_helpers import run_dtrace

from pydtrace.errors import CompileError
from pydtrace.lang.check import Checker
from pydtrace.lang.parser import parse
from pydtrace.types.dtypes import STRING, bounded_string


def mismatch(proto: str, arg: str) -> str:
    return f"\tprototype: {proto}\n\t argument: {arg}"


CASES = [
    ("strlen()", "D_PROTO_LEN", "strlen( ) prototype mismatch: 0 args passed, 1 expected"),
    ("strlen(\"a\", \"b\")", "D_PROTO_LEN",
     "strlen( ) prototype mismatch: 2 args passed, 1 expected"),
    ("strlen(12)", "D_PROTO_ARG",
     "strlen( ) argument #1 is incompatible with prototype:\n" + mismatch("char *", "int")),
    ("substr(\"abc\")", "D_PROTO_LEN",
     "substr( ) prototype mismatch: 1 arg passed, at least 2 expected"),
    ("substr()", "D_PROTO_LEN",
     "substr( ) prototype mismatch: 0 args passed, at least 2 expected"),
    ("substr(\"abc\", 1, 2, 3)", "D_PROTO_LEN",
     "substr( ) prototype mismatch: 4 args passed, at most 3 expected"),
    ("substr(10, 1)", "D_PROTO_ARG",
     "substr( ) argument #1 is incompatible with prototype:\n" + mismatch("char *", "int")),
    ("substr(probename, \"a\")", "D_PROTO_ARG",
     "substr( ) argument #2 is incompatible with prototype:\n" + mismatch("int", "string")),
    ("substr(probename, 1, \"a\")", "D_PROTO_ARG",
     "substr( ) argument #3 is incompatible with prototype:\n" + mismatch("int", "string")),
    ("strjoin(\"a\")", "D_PROTO_LEN",
     "strjoin( ) prototype mismatch: 1 arg passed, 2 expected"),
    ("strjoin(\"a\", 1)", "D_PROTO_ARG",
     "strjoin( ) argument #2 is incompatible with prototype:\n" + mismatch("char *", "int")),
    ("index(\"a\", \"b\", \"c\")", "D_PROTO_ARG",
     "index( ) argument #3 is incompatible with prototype:\n" + mismatch("int", "string")),
    ("rindex(\"a\")", "D_PROTO_LEN",
     "rindex( ) prototype mismatch: 1 arg passed, at least 2 expected"),
    ("strchr(\"a\", \"b\")", "D_PROTO_ARG",
     "strchr( ) argument #2 is incompatible with prototype:\n" + mismatch("char", "string")),
    ("strrchr(1, 'a')", "D_PROTO_ARG",
     "strrchr( ) argument #1 is incompatible with prototype:\n" + mismatch("char *", "int")),
    ("strstr(\"a\", 2)", "D_PROTO_ARG",
     "strstr( ) argument #2 is incompatible with prototype:\n" + mismatch("char *", "int")),
    ("lltostr()", "D_PROTO_LEN",
     "lltostr( ) prototype mismatch: 0 args passed, at least 1 expected"),
    ("lltostr(1, 2, 3)", "D_PROTO_LEN",
     "lltostr( ) prototype mismatch: 3 args passed, at most 2 expected"),
    ("lltostr(\"1\")", "D_PROTO_ARG",
     "lltostr( ) argument #1 is incompatible with prototype:\n" + mismatch("int64_t", "string")),
    ("lltostr(1, \"16\")", "D_PROTO_ARG",
     "lltostr( ) argument #2 is incompatible with prototype:\n" + mismatch("int", "string")),
    ("basename(1)", "D_PROTO_ARG",
     "basename( ) argument #1 is incompatible with prototype:\n" + mismatch("char *", "int")),
    ("dirname()", "D_PROTO_LEN", "dirname( ) prototype mismatch: 0 args passed, 1 expected"),
    ("toupper(execname, 1)", "D_PROTO_LEN",
     "toupper( ) prototype mismatch: 2 args passed, 1 expected"),
    ("tolower(1)", "D_PROTO_ARG",
     "tolower( ) argument #1 is incompatible with prototype:\n" + mismatch("char *", "int")),
    ("htons(\"a\")", "D_PROTO_ARG",
     "htons( ) argument #1 is incompatible with prototype:\n" + mismatch("uint16_t", "string")),
    ("ntohl(execname)", "D_PROTO_ARG",
     "ntohl( ) argument #1 is incompatible with prototype:\n" + mismatch("uint32_t", "string")),
    ("htonll()", "D_PROTO_LEN", "htonll( ) prototype mismatch: 0 args passed, 1 expected"),
    ("rand(1)", "D_PROTO_LEN", "rand( ) prototype mismatch: 1 arg passed, 0 expected"),
    ("strtok(\"a\")", "D_PROTO_LEN", "strtok( ) prototype mismatch: 1 arg passed, 2 expected"),
    ("strtok(1, \"a\")", "D_PROTO_ARG",
     "strtok( ) argument #1 is incompatible with prototype:\n" + mismatch("char *", "int")),
    ("inet_ntoa6((int *)0)", "D_PROTO_ARG",
     "inet_ntoa6( ) argument #1 is incompatible with prototype:\n"
     + mismatch("struct in6_addr *", "int *")),
    ("inet_ntoa6((void *)0, 1, 2)", "D_PROTO_LEN",
     "inet_ntoa6( ) prototype mismatch: 3 args passed, at most 2 expected"),
    ("inet_ntoa6((void *)0, pid)", "D_PROTO_ARG",
     "inet_ntoa6( ) argument #2 must be an integer constant"),
    ("inet_ntop(2)", "D_PROTO_LEN", "inet_ntop( ) prototype mismatch: 1 arg passed, 2 expected"),
    ("link_ntop(\"a\", (void *)0)", "D_PROTO_ARG",
     "link_ntop( ) argument #1 is incompatible with prototype:\n" + mismatch("int", "string")),
    ("progenyof(\"a\")", "D_PROTO_ARG",
     "progenyof( ) argument #1 is incompatible with prototype:\n" + mismatch("pid_t", "string")),
    ("mutex_owned()", "D_PROTO_LEN", "mutex_owned( ) prototype mismatch: 0 args passed, 1 expected"),
    ("mutex_type_spin((int *)0)", "D_PROTO_ARG",
     "mutex_type_spin( ) argument #1 is incompatible with prototype:\n"
     + mismatch("struct mutex *", "int *")),
    ("getminor(1, 2)", "D_PROTO_LEN", "getminor( ) prototype mismatch: 2 args passed, 1 expected"),
    ("rw_iswriter(\"x\")", "D_PROTO_ARG",
     "rw_iswriter( ) argument #1 is incompatible with prototype:\n"
     + mismatch("rwlock_t *", "string")),
    ("copyinstr()", "D_PROTO_LEN",
     "copyinstr( ) prototype mismatch: 0 args passed, at least 1 expected"),
    ("copyinstr(\"a\")", "D_PROTO_ARG",
     "copyinstr( ) argument #1 is incompatible with prototype:\n" + mismatch("uintptr_t", "string")),
]


def check(expr: str) -> Checker:
    checker = Checker(parse(f"BEGIN {{ x = {expr}; }}"))
    checker.run()
    return checker


@pytest.mark.parametrize(("expr", "tag", "message"), CASES, ids=[c[0] for c in CASES])
def test_prototype_errors(expr: str, tag: str, message: str) -> None:
    with pytest.raises(CompileError) as info:
        check(expr)
    assert (info.value.tag, info.value.message) == (tag, message)


def test_cli_prints_the_tag_line_and_prototype(tmp_path: Path) -> None:
    script = tmp_path / "bad.d"
    script.write_text("BEGIN\n{\n\ttrace(substr(probename, \"a\"));\n}\n")
    res = run_dtrace(["-x", "errtags", "-s", str(script)])
    assert res.status == 1
    assert res.err == (
        f"dtrace: failed to compile script {script}: [D_PROTO_ARG] line 3: "
        "substr( ) argument #2 is incompatible with prototype:\n"
        + mismatch("int", "string") + "\n"
    )


@pytest.mark.parametrize(
    ("expr", "size"),
    [
        ("toupper(execname)", 16),
        ("substr(\"hello\", 1)", 6),
        ("strjoin(\"ab\", \"cde\")", 6),
        ("basename(\"\")", 2),
        ("lltostr(1)", 21),
        ("lltostr(1, 2)", 65),
        ("strjoin(probename, \"x\")", 0),
    ],
)
def test_string_results_carry_bounds(expr: str, size: int) -> None:
    assert check(expr).symbols.globals["x"] == (bounded_string(size) if size else STRING)
