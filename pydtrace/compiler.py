"""The compile pipeline: D sources -> checked program -> one BPF program per probe.

Each -n/-s source is parsed on its own (so errors name it), but all share
one set of variables and aggregations, as DTrace's sources share one handle.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .buffer_sizes import fill_limit
from .codegen.clause import plan_layout
from .codegen.context import DEFAULT_PCAPSIZE, CompileContext
from .codegen.layout import ClauseLayout, EnabledProbe
from .codegen.link import ProgramPlan, build_program
from .errors import CompileError, DTraceError
from .lang import ast
from .lang.check import Checker
from .lang.probeargs import ClauseArgs
from .options import Options
from .providers.base import Probe
from .providers.registry import ProbeTable


@dataclass
class Source:
    """One program text and how errors in it are introduced."""

    text: str
    #: "script" for -s files, "spec" for -n/-P/-m/-f/-i descriptions
    kind: str
    name: str
    program: ast.Program | None = None
    #: the probe-description field a bare last component names (-P/-m/-f/-n)
    field: str = "name"

    def error(self, err: CompileError, errtags: bool = False) -> DTraceError:
        """The one-line message DTrace prints for an error in this source.

        Line numbers are only given for script files; a -n program says
        which part of the clause was wrong ("in predicate: ...") instead.
        """
        tag = f"[{err.tag}] " if errtags and err.tag else ""
        filetag = getattr(err, "filetag", None)
        if filetag:
            where = f'"{filetag}", line {err.line}: '
        elif self.kind == "script" and err.line:
            where = f"line {err.line}: "
        elif err.region:
            where = f"in {err.region}: "
        else:
            where = ""
        if self.kind == "script":
            return DTraceError(f"failed to compile script {self.name}: {tag}{where}{err.message}",
                               err.tag)
        return DTraceError(f"invalid probe specifier {self.name}: {tag}{where}{err.message}",
                           err.tag)


@dataclass
class Compiled:
    ctx: CompileContext
    programs: list[ProgramPlan]
    enabled: dict[int, EnabledProbe]
    layouts: list[ClauseLayout]
    clauses: list[ast.Clause] = field(default_factory=list)
    #: index into the sources of each clause
    clause_source: list[int] = field(default_factory=list)

    def matched(self, source: int) -> int:
        """How many enablings (clause x probe) one source made, as DTrace counts."""
        return sum(1 for ep in self.enabled.values() if self.clause_source[ep.clause] == source)


def match_clause(
    table: ProbeTable, clause: ast.Clause, zdefs: bool
) -> list[tuple[Probe, int]]:
    """The probes a clause enables, each with the first description naming it."""
    probes: list[tuple[Probe, int]] = []
    seen: set[int] = set()
    for desc_no, spec in enumerate(clause.probes):
        hits = table.match(spec)
        if not hits and not zdefs:
            reason = table.unavailable_reason(spec)
            if reason:
                raise CompileError(reason, "D_PDESC_ZERO", spec.line)
            raise CompileError(
                f"probe description {spec} does not match any probes",
                "D_PDESC_ZERO",
                spec.line,
            )
        for p in hits:
            if p.id not in seen:
                seen.add(p.id)
                probes.append((p, desc_no))
    return probes


def clause_args(table: ProbeTable, clause: ast.Clause, zdefs: bool) -> ClauseArgs:
    """The argument types of the clause's probes, when they all agree."""
    probes = match_clause(table, clause, zdefs)
    kinds = {tuple(t for t, _ in p.provider.arg_types(p)) for p, _ in probes}
    description = str(clause.probes[0])
    return ClauseArgs(description, kinds.pop() if len(kinds) == 1 else None)


def compile_sources(sources: list[Source], table: ProbeTable, options: Options) -> Compiled:
    items: list[tuple[Source, ast.Item]] = []
    for src in sources:
        assert src.program is not None
        items.extend((src, item) for item in src.program.items)
    errtags = options.flag("errtags")
    merged = ast.Program(tuple(item for _, item in items))
    checker = Checker(merged)
    checker.types.string_size = options.int("strsize")
    checker.args_lookup = lambda clause: clause_args(table, clause, options.flag("zdefs"))
    # check item by item so an error names the source it came from
    for src, item in items:
        try:
            checker.run_item(item)
        except CompileError as err:
            raise src.error(err, errtags) from None
    ctx = CompileContext(
        strsize=options.int("strsize"),
        symbols=checker.symbols,
        bufsize=_ringbuf_size(options.int("bufsize")),
        aggsize=options.int("aggsize"),
        dynvarsize=options.int("dynvarsize"),
        pcapsize=options.int("pcapsize") or DEFAULT_PCAPSIZE,
        nspec=options.int("nspec"),
        stackframes=options.int("stackframes"),
        ustackframes=options.int("ustackframes"),
        scratchsize=scratch_size(options.get("scratchsize")),
        maxframes=options.int("maxframes") or max_stack_frames(),
    )
    ctx.allocate()
    quiet = options.flag("quiet")
    zdefs = options.flag("zdefs")
    per_probe: dict[int, list[tuple[int, ast.Clause, ClauseLayout, int]]] = {}
    probes: dict[int, Probe] = {}
    enabled: dict[int, EnabledProbe] = {}
    layouts: list[ClauseLayout] = []
    clauses: list[ast.Clause] = []
    clause_source: list[int] = []
    epid = 0
    # DTrace compiles a clause once per probe description, numbering these
    # statements in order; run-time errors name the statement
    stmt_base = 0
    for src, item in items:
        if not isinstance(item, ast.Clause):
            continue
        try:
            matched = match_clause(table, item, zdefs)
            layout = in_region("action list", plan_layout, ctx, checker, item, quiet)
        except CompileError as err:
            raise src.error(err, errtags) from None
        index = len(clauses)
        clauses.append(item)
        clause_source.append(sources.index(src))
        layouts.append(layout)
        for p, desc_no in matched:
            epid += 1
            stmt = stmt_base + desc_no
            enabled[epid] = EnabledProbe(epid, p.info, index, stmt)
            per_probe.setdefault(p.id, []).append((stmt, item, layout, epid))
            probes[p.id] = p
        stmt_base += len(item.probes)
    ctx.fill_limit = fill_limit(options, enabled.values(), layouts)
    plans: list[ProgramPlan] = []
    owner = {id(item): src for src, item in items}
    error = next(((p, per_probe[p.id]) for p in probes.values()
                  if p.provider.name == "dtrace" and p.info.name == "ERROR"), None)
    for pid, entries in per_probe.items():
        probe = probes[pid]
        try:
            asm = in_region("action list", build_program, ctx, checker, probe, entries, quiet,
                            error)
        except CompileError as err:
            raise owner[id(entries[0][1])].error(err, errtags) from None
        plans.append(ProgramPlan(probe, asm, [enabled[e[3]] for e in entries]))
    ctx.finish_maps()
    return Compiled(ctx, plans, enabled, layouts, clauses, clause_source)


def max_stack_frames() -> int:
    """The deepest stack the kernel hands out: DTrace's default for maxframes."""
    try:
        with open("/proc/sys/kernel/perf_event_max_stack") as f:
            return int(f.read())
    except (OSError, ValueError):
        return 127


def in_region(region: str, fn, *args):  # noqa: ANN001, ANN202
    """Run a compile step, labelling its errors with DTrace's region word."""
    try:
        return fn(*args)
    except CompileError as err:
        if err.region is None:
            err.region = region
        raise


def scratch_size(option: object) -> int:
    """Bytes of alloca'd memory: the option (already rounded up to 8, plus 8
    for NULL, as options.opt_scratchsize parses it); 256 by default."""
    return 256 + 8 if option is None else int(option)  # type: ignore[call-overload]


def _ringbuf_size(bufsize: int) -> int:
    """The ring buffer must be a power-of-two number of pages."""
    size = 4096
    while size < bufsize:
        size *= 2
    return size
