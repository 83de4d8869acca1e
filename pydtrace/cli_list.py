"""dtrace -l: the probe listing, optionally filtered, with -v argument types."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from .cli import Args
from .errors import CompileError, DTraceError
from .lang.probedesc import parse_probe_spec
from .providers.base import Probe
from .providers.registry import ProbeTable

if TYPE_CHECKING:
    from .proc.target import Target

HEADER = f"{'ID':>5s} {'PROVIDER':>10s} {'MODULE':>17s} {'FUNCTION':>33s} NAME\n"
def row(p: Probe) -> str:
    i = p.info
    return f"{i.id:5d} {i.provider:>10s} {i.module:>17s} {i.function:>33s} {i.name}\n"


def verbose(p: Probe) -> str:
    from .stability import provider_attributes

    names, data, dep = provider_attributes(p.info.provider)
    lines = [
        "",
        "\tProbe Description Attributes",
        f"\t\tIdentifier Names: {names}",
        f"\t\tData Semantics:   {data}",
        f"\t\tDependency Class: {dep}",
        "",
        "\tArgument Attributes",
        f"\t\tIdentifier Names: {names}",
        f"\t\tData Semantics:   {data}",
        f"\t\tDependency Class: {dep}",
        "",
        "\tArgument Types",
    ]
    args = p.provider.arg_types(p)
    if not args:
        lines.append("\t\tNone")
    for n, (ctype, _name) in enumerate(args):
        lines.append(f"\t\targs[{n}]: {ctype}")
    return "\n".join(lines) + "\n\n"


def list_probes(args: Args, out: TextIO, target: Target | None = None) -> int:
    table = ProbeTable()
    if target is not None and target.program:
        table.held[target.pid] = target.program
    show_args = args.verbose
    if not args.programs:
        out.write(HEADER)
        for p in table.all():
            out.write(row(p))
            if show_args:
                out.write(verbose(p))
        return 0
    probes: dict[int, Probe] = {}
    for flag, text in args.programs:
        if flag == "s":
            from .session import Session

            s = Session(args.options)
            from .cli_run import read_script

            if target is not None:
                s.macros["target"] = str(target.pid)
                if target.program:
                    s.table.held[target.pid] = target.program

            s.add_program(read_script(text), filename=text)
            s.compile()
            assert s.compiled is not None
            for plan in s.compiled.programs:
                probes[plan.probe.id] = plan.probe
            table = s.table
            continue
        desc = text.split("{")[0].split("/")[0].strip()
        if target is not None:
            desc = desc.replace("$target", str(target.pid))
        field = {"P": "provider", "m": "module", "f": "function", "n": "name"}.get(flag)
        if flag == "i":
            table.all()
            p = table.by_id.get(int(desc)) if desc.isdigit() else None
            if p is None:
                raise DTraceError(f"invalid probe specifier {text}: probe {desc} does not exist")
            probes[p.id] = p
            continue
        for part in desc.split(","):
            try:
                spec = parse_probe_spec(part.strip(), 0, field or "name")
            except CompileError as err:
                raise DTraceError(f"invalid probe specifier {text}: {err.message}") from None
            try:
                hits = table.match(spec)
            except CompileError as err:
                raise DTraceError(f"invalid probe specifier {text}: {err.message}") from None
            if not hits and not args.options.flag("zdefs"):
                reason = table.unavailable_reason(spec)
                msg = reason or f"probe description {spec} does not match any probes"
                raise DTraceError(f"invalid probe specifier {text}: {msg}")
            for p in hits:
                probes[p.id] = p
    out.write(HEADER)
    for p in sorted(probes.values(), key=lambda p: p.id):
        out.write(row(p))
        if show_args:
            out.write(verbose(p))
    return 0
