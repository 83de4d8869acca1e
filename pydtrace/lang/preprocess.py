"""Preprocessing of D source: ``-C`` (the system cpp) and control lines.

Two jobs live here, both about lines that start with ``#``:

* :func:`preprocess` runs the C preprocessor for ``dtrace -C``, with the
  same predefined macros and argument order DTrace uses, and keeps cpp's line
  markers so the lexer can still report the script's own line numbers.
* :func:`control_line` interprets one control line (``#pragma D ...``,
  ``#line N``, ``# N "file"``, ``#error``, ``#ident``) the way DTrace's lexer
  does whether or not cpp ran: the lexer collects the words of the line and
  hands them here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydtrace.errors import CompileError

#: Oracle D 2.0.1, encoded as DTrace's DT_VERSION_NUMBER(2, 0, 1).
D_VERSION = (2 << 24) | (0 << 12) | 1

#: What DTrace always passes to cpp before the user's -D/-U/-I options.
CPP_PREDEFINES: tuple[str, ...] = (
    "-D__linux",
    "-D__unix",
    "-D__SVR4",
    "-D__SUNW_D=1",
    "-U__GNUC__",
    "-D__SUNW_D_64",
    "-D__Linux",
)

#: Line-marker file names that mean "the main script" (DTrace feeds cpp the
#: script on /dev/stdin; GNU cpp calls "-" <stdin>).
MAIN_FILE_NAMES = frozenset({"/dev/stdin", "<stdin>"})


def cpp_command(cpp_args: list[str], cpp_path: str = "cpp", stdc: str = "a") -> list[str]:
    """The argv DTrace would run: predefines, user options, version, mode.

    ``stdc`` is the ``-X`` mode: "a"/"c"/"t" give ``-std=c99`` (DTrace's XA
    default), "s" gives ``-traditional-cpp``.
    """
    argv = [cpp_path, *CPP_PREDEFINES, *cpp_args, f"-D__SUNW_D_VERSION=0x{D_VERSION:08x}"]
    if stdc == "s":
        argv.append("-traditional-cpp")
    else:
        argv.append("-std=c99")
    # cpp reads the script from standard input under DTrace's name for it,
    # and reports lines without columns, as DTrace's cpp does
    argv += ["-fno-show-column", "/dev/stdin"]
    return argv


def strip_interpreter_line(text: str) -> str:
    """Drop a leading ``#!`` line but keep its newline, so lines still count."""
    if text.startswith("#!"):
        nl = text.find("\n")
        return "" if nl < 0 else text[nl:]
    return text


def preprocess(
    text: str,
    cpp_args: list[str],
    filename: str | None = None,
    cpp_path: str = "cpp",
    stdc: str = "a",
) -> str:
    """Run ``text`` through cpp as ``dtrace -C`` does and return its output.

    ``cpp_args`` are the user's ``-D``/``-U``/``-I``/``-H`` options, already
    spelled as cpp options (``-DX=1``, ``-Ipath``).  cpp reads the script on
    its standard input, as in DTrace, so ``filename`` only serves to name the
    script in errors; cpp's own diagnostics go to our stderr unchanged.
    """
    import subprocess  # only -C needs it; keep it off the startup path

    argv = cpp_command(cpp_args, cpp_path, stdc)
    try:
        proc = subprocess.run(
            argv,
            input=strip_interpreter_line(text).encode("utf-8", "surrogateescape"),
            stdout=subprocess.PIPE,
            check=False,
        )
    except FileNotFoundError:
        raise CompileError("Preprocessor not found") from None
    except OSError:
        raise CompileError("Failed to exec preprocessor") from None
    if proc.returncode != 0:
        raise CompileError("Preprocessor failed to process input program")
    return proc.stdout.decode("utf-8", "surrogateescape")


# --------------------------------------------------------------------------
# Control lines
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """One word of a control line: ``kind`` is "int", "string" or "ident"."""

    kind: str
    text: str
    value: int | str


@dataclass(frozen=True)
class ControlResult:
    """What a control line did.

    ``pragma`` is set for a D pragma the parser should keep
    (``(kind, words)``); ``next_line`` is the number the following line gets
    when the directive renumbers lines; ``filetag`` is the new file name for
    error messages when a marker names one ("" means the main script).
    """

    pragma: tuple[str, tuple[str, ...]] | None = None
    next_line: int | None = None
    filetag: str | None = None


# How specific a directive is: usable after a bare "#", after "#pragma", or
# only after "#pragma D" (as DTrace's dt_pragmas table says).
_DIR, _SUB, _DCP = 0, 1, 2
_DIRECTIVES = {
    "attributes": _DCP,
    "binding": _DCP,
    "depends_on": _DCP,
    "error": _DIR,
    "ident": _DIR,
    "line": _DIR,
    "option": _DCP,
}


def _malformed(message: str, line: int) -> CompileError:
    return CompileError(message, tag="D_PRAGMA_MALFORM", line=line)


def _line_directive(prname: str, args: list[Word], line: int) -> tuple[int, str | None]:
    """``<line> [ ["file"] state... ]`` -> (line, filetag or None)."""
    bad = f'malformed #{prname} <line> [ ["file"] state ]'
    if not args or args[0].kind != "int":
        raise _malformed(bad, line)
    filetag: str | None = None
    if len(args) > 1:
        if args[1].kind != "string":
            raise _malformed(bad, line)
        name = str(args[1].value)
        filetag = "" if name in MAIN_FILE_NAMES else name
        if any(w.kind != "int" for w in args[2:]):
            raise _malformed(bad, line)
    return int(args[0].value), filetag


def _check_pragma(name: str, args: list[Word], line: int) -> None:
    """The syntax checks DTrace makes before acting on a D pragma."""
    kinds = [w.kind for w in args]
    if name == "option":
        if not args or kinds[0] != "ident":
            raise _malformed(f"malformed #pragma {name} <option>=<val>", line)
        if len(args) > 1:
            raise _malformed(f"superfluous arguments specified for #pragma {name}", line)
    elif name == "attributes":
        if len(args) < 2 or kinds[0] != "ident" or kinds[1] != "ident":
            raise _malformed(f"malformed #pragma {name} <attributes> <ident>", line)
        if not valid_attributes(str(args[0].value)):
            raise CompileError(
                f"invalid attributes specified by #pragma {name}", tag="D_PRAGMA_INVAL", line=line
            )
    elif name == "binding":
        if len(args) < 2 or kinds[0] != "string" or kinds[1] != "ident":
            raise _malformed(f'malformed #pragma {name} "version" <ident>', line)
        if re.fullmatch(r"[0-9]+(\.[0-9]+){0,2}", str(args[0].value)) is None:
            raise CompileError(
                f"invalid version string specified by #pragma {name}",
                tag="D_PRAGMA_INVAL",
                line=line,
            )
    elif name == "depends_on":
        if len(args) < 2 or kinds[0] != "ident" or kinds[1] != "ident":
            raise _malformed(f"malformed #pragma {name} <class> <name>", line)
        if args[0].value == "library":
            # only D library files (our dlibs) may name others; they have none
            raise CompileError("main program may not explicitly depend on a library",
                               tag="D_PRAGMA_DEPEND", line=line)


STABILITY_NAMES = (
    "internal",
    "private",
    "obsolete",
    "external",
    "unstable",
    "evolving",
    "stable",
    "standard",
)
CLASS_NAMES = ("unknown", "cpu", "platform", "group", "isa", "common")


def valid_attributes(text: str) -> bool:
    """``name-stability/data-stability/class`` (any prefix), as dtrace_str2attr
    accepts it: names are case-insensitive, nothing may follow the class."""
    parts = text.split("/")
    while parts and parts[-1] == "":
        parts.pop()
    if len(parts) > 3:
        return False
    tables = (STABILITY_NAMES, STABILITY_NAMES, CLASS_NAMES)
    return all(part.lower() in table for part, table in zip(parts, tables, strict=False))


def control_line(words: list[Word], line: int) -> ControlResult:
    """Interpret the words of a control line found at ``line``.

    Mirrors DTrace's dt_pragma(): a leading integer is a line marker; then
    "pragma" and "D" narrow the directive kind; unknown plain pragmas are
    ignored (as K&R says), unknown ``#pragma D`` kinds and unknown bare
    directives are errors.
    """
    kind = _DIR
    for i, word in enumerate(words):
        if word.kind == "int":
            # "# 12 "file"": the next line is numbered 12.
            next_line, filetag = _line_directive("line", words[i:], line)
            return ControlResult(next_line=next_line, filetag=filetag)
        if word.kind != "ident":
            raise CompileError("invalid control directive", tag="D_PRAGCTL_INVAL", line=line)
        name = str(word.value)
        if kind == _DIR and name == "pragma":
            kind = _SUB
            continue
        if kind == _SUB and name == "D":
            kind = _DCP
            continue
        args = words[i + 1 :]
        if name in _DIRECTIVES and _DIRECTIVES[name] <= kind:
            return _directive(name, args, line)
        if kind == _DIR:
            raise CompileError(
                f"invalid control directive: #{name}", tag="D_PRAGCTL_INVAL", line=line
            )
        if kind == _DCP:
            raise CompileError(f"invalid D pragma: {name}", tag="D_PRAGMA_INVAL", line=line)
        return ControlResult()  # unknown "#pragma foo": ignored
    return ControlResult()  # a null directive ("#" alone, "#pragma")


def _directive(name: str, args: list[Word], line: int) -> ControlResult:
    if name == "line":
        target, filetag = _line_directive(name, args, line)
        # DTrace bumps the counter again after "#line N" (unlike "# N"), so
        # the line after "#line 5" is line 6.  Kept for identical messages.
        return ControlResult(next_line=target + 1, filetag=filetag)
    if name == "error":
        text = "".join(f"{w.value} " for w in args if w.kind != "int")
        raise CompileError(f"#{name}: {text}", tag="D_PRAGERR", line=line)
    _check_pragma(name, args, line)
    return ControlResult(pragma=(name, tuple(str(w.value) for w in args)))
