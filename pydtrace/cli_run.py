"""dtrace(1)'s main flow: compile, list or disassemble, trace, print, exit."""

from __future__ import annotations

import gc
import os
import signal
import sys
from typing import TYPE_CHECKING, TextIO

from .cli import Args, install_signals
from .consumer.printer import make_printer
from .errors import DTraceError
from .session import Session

if TYPE_CHECKING:
    from .proc.target import Target


class Interrupted:
    """Signal bookkeeping: the first ^C ends tracing, the second dtrace."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, signum: int, frame: object) -> None:
        self.count += 1
        if self.count > 1 and signum == signal.SIGINT:
            raise KeyboardInterrupt


def read_script(path: str) -> str:
    try:
        if path == "-":
            return sys.stdin.read()
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            return f.read()
    except OSError as exc:
        raise DTraceError(f"failed to open {path}: {exc.strerror}") from None


def build_session(args: Args, target_pid: int | None) -> Session:
    s = Session(args.options)
    if args.cpp or args.options.flag("cpp"):
        s.cpp_args = args.cpp_args + args.options.cpp_args
    script = next((t for c, t in args.programs if c == "s"), None)
    argv0 = script or "dtrace"
    s.macros = {str(i + 1): v for i, v in enumerate(args.macro_args)}
    s.macros["0"] = argv0
    me = os.getpid()
    s.macros.update({
        "pid": str(me), "ppid": str(os.getppid()), "uid": str(os.getuid()),
        "gid": str(os.getgid()), "euid": str(os.geteuid()), "egid": str(os.getegid()),
        "sid": str(os.getsid(0)), "pgid": str(os.getpgid(0)), "projid": "0", "taskid": "0",
    })
    # without -c or -p, $target is 0 as in DTrace
    s.macros["target"] = str(target_pid) if target_pid is not None else "0"
    for flag, text in args.programs:
        if flag == "s":
            s.add_program(read_script(text), filename=text)
        elif flag == "i" and text.strip().isdigit():
            s.add_probe(_probe_by_id(s, text))
        elif flag == "i":
            s.add_program(text)
        else:
            s.add_program(text, field={"P": "provider", "m": "module", "f": "function",
                                       "n": "name"}[flag])
    return s


def _probe_by_id(s: Session, text: str) -> str:
    try:
        pid = int(text)
    except ValueError:
        raise DTraceError(f"invalid probe specifier {text}: invalid probe identifier") from None
    s.table.all()
    probe = s.table.by_id.get(pid)
    if probe is None:
        raise DTraceError(f"invalid probe specifier {text}: probe {pid} does not exist")
    return probe.info.fullname


def matched_messages(args: Args, s: Session) -> str:
    """DTrace's notice for each program: what it is and how many probes it matched."""
    comp = s.compiled
    assert comp is not None
    lines = []
    for i, src in enumerate(s.sources):
        n = comp.matched(i)
        plural = "probe" if n == 1 else "probes"
        if src.kind == "script":
            lines.append(f"dtrace: script '{src.name}' matched {n} {plural}\n")
        else:
            text = src.name
            lines.append(f"dtrace: description '{_cropped(text)}' matched {n} {plural}\n")
    return "".join(lines)


def stability_report(s: Session) -> str:
    """dtrace -v: the minimum stability of what each program uses."""
    from .stability import STABLE, description_attributes, minimum

    comp = s.compiled
    assert comp is not None
    out = []
    for i, src in enumerate(s.sources):
        descs = [description_attributes(spec)
                 for c, clause in enumerate(comp.clauses) if comp.clause_source[c] == i
                 for spec in clause.probes]
        kind = "script" if src.kind == "script" else "description"
        name = src.name if src.kind == "script" else _cropped(src.name)

        def block(attr: tuple[str, str, str]) -> str:
            return (f"\t\tIdentifier Names: {attr[0]}\n\t\tData Semantics:   {attr[1]}\n"
                    f"\t\tDependency Class: {attr[2]}\n")

        out.append(f"\nStability attributes for {kind} {name}:\n"
                   f"\n\tMinimum Probe Description Attributes\n{block(minimum(descs))}"
                   f"\n\tMinimum Statement Attributes\n{block(STABLE)}\n")
    return "".join(out)


def _cropped(text: str) -> str:
    cut = min((k for k in (text.find(c) for c in "{/;") if k >= 0), default=len(text))
    return text[:cut]


def execute(args: Args) -> int:
    out: TextIO = sys.stdout
    if args.output:
        try:
            out = open(args.output, "a")  # noqa: SIM115
        except OSError as exc:
            raise DTraceError(f"failed to open output file '{args.output}': "
                              f"{exc.strerror}") from None
    target: Target | None = None
    try:
        if args.commands or args.pids:
            target = start_target(args)
        if args.list_probes:
            from .cli_list import list_probes

            return list_probes(args, out, target)
        return trace(args, out, target)
    finally:
        if target is not None:
            target.kill()
            target.close()
        if out is not sys.stdout:
            out.close()


def start_target(args: Args) -> Target:
    """The process of -c (started, held before main) or -p (grabbed)."""
    from .proc.target import Target

    if args.commands:
        return Target.spawn(args.commands[0])
    try:
        return Target.grab(args.pids[0])
    except ProcessLookupError:
        raise DTraceError(f"failed to grab pid {args.pids[0]}: No such process") from None


def trace(args: Args, out: TextIO, target: Target | None) -> int:
    s = build_session(args, target.pid if target else None)
    if target is not None and target.program:
        s.table.held[target.pid] = target.program
    printer = make_printer(out, sys.stderr, args.options)
    printer.sort = lambda: sort_options(args)  # type: ignore[assignment]
    s.fast_path = printer.fast_path
    s.compile()
    quiet = args.options.flag("quiet")
    if args.disassemble:
        assert s.compiled is not None
        from .codegen.disasm import listing

        for plan in s.compiled.programs:
            sys.stderr.write(listing(plan.asm, f"probe {plan.probe.info.fullname}"))
    if args.exit_after_compile:
        return 0
    s.record_handler = printer.record
    s.fault_handler = printer.fault
    s.on_drop = printer.drop  # type: ignore[method-assign]
    interrupted = Interrupted()
    install_signals(interrupted)
    try:
        if not quiet:
            sys.stderr.write(matched_messages(args, s))
        assert s.compiled is not None
        if not args.options.flag("zdefs") and \
                not sum(s.compiled.matched(i) for i in range(len(s.sources))):
            raise DTraceError("no probes matched")
        if args.verbose:
            out.write(stability_report(s))
        s.go()
        gc.enable()  # off while starting up (cli.command)
        if args.options.flag("destructive") and not args.options.flag("quiet"):
            sys.stderr.write("dtrace: allowing destructive actions\n")
        if target is not None:
            target.release()
        # what BEGIN printed goes out now, not after the first 100 ms poll
        printer.flush()
        while not s.done and not interrupted.count:
            s.work(100)
            printer.flush()
            if not s.done and target is not None and target.poll():
                if not quiet:
                    sys.stderr.write(f"dtrace: pid {target.pid} has exited\n")
                break
        printer.flush()
        if interrupted.count:
            out.write(printer.after_interrupt())
        s.stop()
        printer.flush()
        out = printer.out  # where freopen() last sent the output
        out.write(printer.end_of_run())
        if interrupted.count < 2:
            aggs = [a for a in s.aggregations() if a.rows and a.desc.name not in s.printed]
            if aggs:
                out.write(printer.aggregations(aggs, sort_options(args)))
        out.flush()
        return s.exit_status or 0
    finally:
        s.close()
        if printer.original_out is not None:
            printer.out.close()  # a file freopen() opened
        signal.signal(signal.SIGINT, signal.SIG_DFL)


def sort_options(args: Args) -> object:
    from .consumer.aggfmt import SortOptions

    o = args.options
    return SortOptions(
        aggsortkey=o.flag("aggsortkey"),
        aggsortrev=o.flag("aggsortrev"),
        aggsortkeypos=o.int("aggsortkeypos"),
        aggsortpos=o.int("aggsortpos"),
    )
