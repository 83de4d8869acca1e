"""dtrace(1): the command line, a thin layer over :class:`pydtrace.Session`."""

from __future__ import annotations

import gc
import os
import signal
import sys
from dataclasses import dataclass, field
from typing import NoReturn

from . import dataclass_cache
from .errors import DTraceError, UsageError
from .options import Options

OPTSTRING = "b:c:CD:ef:FGhHi:I:lL:m:n:o:p:P:qs:SU:vVwx:X:Z"
WITH_ARG = {c for i, c in enumerate(OPTSTRING) if i + 1 < len(OPTSTRING)
            and OPTSTRING[i + 1] == ":" and c != ":"}

USAGE = """\
Usage: dtrace [-CeFhHlqSvVwZ] [-b bufsz] [-c cmd] [-D name[=def]]
\t[-I path] [-L path] [-o output] [-p pid] [-s script] [-U name]
\t[-x opt[=val]] [-X a|c|s|t]

\t[-P provider [[ predicate ] action ]]
\t[-m [ provider: ] module [[ predicate ] action ]]
\t[-f [[ provider: ] module: ] func [[ predicate ] action ]]
\t[-n [[[ provider: ] module: ] func: ] name [[ predicate ] action ]]
\t[-i probe-id [[ predicate ] action ]] [ args ... ]

\tpredicate -> '/' D-expression '/'
\t   action -> '{' D-statements '}'

\t-b  set trace buffer size
\t-c  run specified command and exit upon its completion
\t-C  run cpp(1) preprocessor on script files
\t-D  define symbol when invoking preprocessor
\t-e  exit after compiling request but prior to enabling probes
\t-f  enable or list probes matching the specified function name
\t-F  coalesce trace output by function
\t-h  generate a header file with definitions for static probes
\t-H  print included files when invoking preprocessor
\t-i  enable or list probes matching the specified probe id
\t-I  add include directory to preprocessor search path
\t-l  list probes matching specified criteria
\t-L  add library directory to library search path
\t-m  enable or list probes matching the specified module name
\t-n  enable or list probes matching the specified probe name
\t-o  set output file
\t-p  grab specified process-ID and cache its symbol tables
\t-P  enable or list probes matching the specified provider name
\t-q  set quiet mode (only output explicitly traced data)
\t-s  enable or list probes according to the specified D script
\t-S  print D compiler intermediate code
\t-U  undefine symbol when invoking preprocessor
\t-v  set verbose mode (report stability attributes, arguments)
\t-V  report DTrace API version
\t-w  permit destructive actions
\t-x  enable or modify compiler and tracing options
\t-X  specify ISO C conformance settings for preprocessor
\t-Z  permit probe descriptions that match zero probes
"""

SPEC_FIELDS = {"P": "provider", "m": "module", "f": "function", "n": "name", "i": "id"}


@dataclass
class Args:
    options: Options = field(default_factory=Options)
    # (flag, text) in command-line order: flag in "sPmfni"
    programs: list[tuple[str, str]] = field(default_factory=list)
    macro_args: list[str] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    pids: list[int] = field(default_factory=list)
    cpp: bool = False
    cpp_args: list[str] = field(default_factory=list)
    list_probes: bool = False
    exit_after_compile: bool = False
    disassemble: bool = False
    verbose: bool = False
    version: bool = False
    output: str | None = None


def parse_args(argv: list[str]) -> Args:
    """getopt as dtrace(1) does it: options and macro arguments may mix."""
    a = Args()
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg == "--":
            a.macro_args.extend(argv[i:])
            break
        if not arg.startswith("-") or arg == "-":
            a.macro_args.append(arg)
            continue
        j = 1
        while j < len(arg):
            c = arg[j]
            j += 1
            if c not in OPTSTRING or c == ":":
                raise UsageError(f"illegal option -- {c}")
            value = None
            if c in WITH_ARG:
                if j < len(arg):
                    value = arg[j:]
                elif i < len(argv):
                    value = argv[i]
                    i += 1
                else:
                    raise UsageError(f"option requires an argument -- {c}")
                j = len(arg)
            apply_option(a, c, value)
    return a


def apply_option(a: Args, c: str, value: str | None) -> None:
    o = a.options
    if c in "sPmfni":
        a.programs.append((c, value or ""))
    elif c == "b":
        o.set("bufsize", value)
    elif c == "c":
        a.commands.append(value or "")
    elif c == "C":
        a.cpp = True
    elif c in "DUI":
        a.cpp_args.append(f"-{c}{value}")
    elif c == "e":
        a.exit_after_compile = True
    elif c == "F":
        o.set("flowindent")
    elif c in "Gh":
        raise DTraceError(f"-{c} is not supported: pydtrace does not generate USDT objects")
    elif c == "H":
        a.cpp_args.append("-H")
    elif c == "l":
        a.list_probes = True
    elif c == "L":
        pass  # no D libraries outside the package yet
    elif c == "o":
        a.output = value
    elif c == "p":
        try:
            a.pids.append(int(value or ""))
        except ValueError:
            raise DTraceError(f"invalid process ID: {value}") from None
    elif c == "q":
        o.set("quiet")
    elif c == "S":
        a.disassemble = True
    elif c == "v":
        a.verbose = True
    elif c == "V":
        a.version = True
    elif c == "w":
        o.set("destructive")
    elif c == "x":
        name, eq, val = (value or "").partition("=")
        o.set(name, val if eq else None)
    elif c == "X":
        if value not in ("a", "c", "s", "t"):
            raise UsageError(f"invalid argument for -X: {value}")
        o.set("stdc", value)
    elif c == "Z":
        o.set("zdefs")


def command() -> NoReturn:
    """The dtrace command: main(), then leave without the interpreter's
    teardown (everything main() opened is closed by then; the teardown of
    the modules it imported costs tens of milliseconds)."""
    # Start-up makes many objects and little garbage: the collector, which
    # would walk them all several times, waits until tracing has started.
    gc.disable()
    status = main()
    dataclass_cache.save()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(status)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    set_process_name(b"dtrace")
    # D strings are bytes: what is not UTF-8 goes out as the bytes it was
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="surrogateescape")
    try:
        return run(argv)
    except DTraceError as err:
        sys.stdout.flush()
        sys.stderr.write(f"dtrace: {err.message}\n")
        if isinstance(err, UsageError):
            sys.stderr.write(USAGE)
        return err.exit_status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug of ours: still one line, never a traceback
        if os.environ.get("PYDTRACE_DEBUG"):
            raise
        sys.stdout.flush()
        sys.stderr.write(f"dtrace: internal error: {type(exc).__name__}: {exc}\n")
        return 1


def run(argv: list[str]) -> int:
    if not argv:
        sys.stderr.write(USAGE)
        return 2
    args = parse_args(argv)
    if args.version:
        print("dtrace: Oracle D 2.0")
        return 0
    if not args.programs and not args.list_probes:
        sys.stderr.write(USAGE)
        return 2
    from .cli_run import execute

    return execute(args)


def set_process_name(name: bytes) -> None:
    """execname of dtrace itself is "dtrace", even when run as python -m pydtrace."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(15, name, 0, 0, 0)  # PR_SET_NAME
    except (OSError, AttributeError):
        pass


def install_signals(handler) -> None:  # noqa: ANN001
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGPIPE):
        signal.signal(sig, handler)


__all__ = ["main", "parse_args", "Args", "os"]
