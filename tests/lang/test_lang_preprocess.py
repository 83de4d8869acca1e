"""-C preprocessing with the system cpp, and control-line interpretation."""

from __future__ import annotations

import shutil

import pytest

from pydtrace.errors import CompileError
from pydtrace.lang.ast import Pragma
from pydtrace.lang.parser import parse
from pydtrace.lang.preprocess import (
    ControlResult,
    Word,
    control_line,
    cpp_command,
    preprocess,
    strip_interpreter_line,
)

needs_cpp = pytest.mark.skipif(shutil.which("cpp") is None, reason="no cpp")


def ident(text: str) -> Word:
    return Word("ident", text, text)


def test_cpp_command_matches_dtrace() -> None:
    assert cpp_command(["-DX=1", "-I/tmp"]) == [
        "cpp", "-D__linux", "-D__unix", "-D__SVR4", "-D__SUNW_D=1", "-U__GNUC__",
        "-D__SUNW_D_64", "-D__Linux", "-DX=1", "-I/tmp", "-D__SUNW_D_VERSION=0x02000001",
        "-std=c99", "-fno-show-column", "/dev/stdin",
    ]
    assert cpp_command([], "/usr/bin/cpp", stdc="s")[-3] == "-traditional-cpp"


def test_interpreter_line_keeps_its_newline() -> None:
    assert strip_interpreter_line("#!/usr/sbin/dtrace -s\nBEGIN") == "\nBEGIN"
    assert strip_interpreter_line("BEGIN") == "BEGIN"


@needs_cpp
def test_preprocess_defines_and_line_numbers() -> None:
    text = (
        "#!/usr/sbin/dtrace -Cs\n"
        "#define N 5\n"
        "/* comment */\n"
        "BEGIN // line comment\n"
        "{ x = N + FOO; v = __SUNW_D_VERSION; l = __linux; }\n"
        "#ifdef __GNUC__\n"
        "this is not D\n"
        "#endif\n"
        "END\n"
        "{ y = }\n"
    )
    out = preprocess(text, ["-DFOO=7"], "t.d")
    assert "x = 5 + 7; v = 0x02000001; l = 1;" in out
    with pytest.raises(CompileError) as info:
        parse(out, filename="t.d")
    assert (info.value.message, info.value.line) == ('syntax error near "}"', 10)


@needs_cpp
def test_preprocess_undef_and_include(tmp_path: pytest.TempPathFactory) -> None:
    header = tmp_path / "defs.h"  # type: ignore[operator]
    header.write_text("#define LIMIT 10\n")
    out = preprocess("#include <defs.h>\nBEGIN { x = LIMIT; y = __unix; }\n", [f"-I{tmp_path}", "-U__unix"])
    (clause,) = parse(out, filename="t.d").clauses
    assert clause.line == 2
    assert "x = 10; y = __unix;" in out


@needs_cpp
def test_preprocessor_failure() -> None:
    with pytest.raises(CompileError) as info:
        preprocess("#include <no/such/header.h>\n", [])
    assert info.value.message == "Preprocessor failed to process input program"


def test_missing_preprocessor() -> None:
    with pytest.raises(CompileError) as info:
        preprocess("BEGIN {}", [], cpp_path="/nonexistent/cpp")
    assert info.value.message == "Preprocessor not found"


def test_control_lines() -> None:
    assert control_line([ident("pragma"), ident("D"), ident("option"), ident("quiet")], 4) == (
        ControlResult(pragma=("option", ("quiet",)))
    )
    assert control_line([Word("int", "12", 12), Word("string", '"a.h"', "a.h")], 1) == (
        ControlResult(next_line=12, filetag="a.h")
    )
    assert control_line([Word("int", "3", 3), Word("string", '"<stdin>"', "<stdin>")], 1) == (
        ControlResult(next_line=3, filetag="")
    )
    assert control_line([ident("line"), Word("int", "7", 7)], 1) == ControlResult(next_line=8)
    assert control_line([ident("pragma"), ident("weak"), ident("x")], 1) == ControlResult()
    assert control_line([], 1) == ControlResult()
    assert control_line([ident("ident"), Word("string", '"v"', "v")], 1) == ControlResult(
        pragma=("ident", ("v",))
    )


@pytest.mark.parametrize(
    ("words", "message", "tag"),
    [
        (["pragma", "D", "binding", "x"], 'malformed #pragma binding "version" <ident>', "D_PRAGMA_MALFORM"),
        (["pragma", "D", "attributes", "x"], "malformed #pragma attributes <attributes> <ident>", "D_PRAGMA_MALFORM"),
        (["pragma", "D", "depends_on", "module"], "malformed #pragma depends_on <class> <name>", "D_PRAGMA_MALFORM"),
        (["line", "x"], 'malformed #line <line> [ ["file"] state ]', "D_PRAGMA_MALFORM"),
        (["include", "x"], "invalid control directive: #include", "D_PRAGCTL_INVAL"),
    ],
)
def test_control_line_errors(words: list[str], message: str, tag: str) -> None:
    with pytest.raises(CompileError) as info:
        control_line([ident(w) for w in words], 5)
    assert (info.value.message, info.value.tag, info.value.line) == (message, tag, 5)


def test_pragma_kinds_in_programs() -> None:
    prog = parse(
        '#pragma D attributes Evolving/Evolving/Common provider foo provider\n'
        '#pragma D binding "1.0" NULL\n'
        "#pragma ident \"@(#)x.d\"\n",
        filename="t.d",
    )
    assert prog.items == (
        Pragma("attributes", ("Evolving/Evolving/Common", "provider", "foo", "provider"), 1),
        Pragma("binding", ("1.0", "NULL"), 2),
        Pragma("ident", ("@(#)x.d",), 3),
    )

