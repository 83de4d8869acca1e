"""The public Python API: compile D, start tracing, consume, stop.

    from pydtrace import Session
    s = Session()
    s.add_program('syscall::getpid:entry { @[execname] = count(); }')
    s.compile()
    s.go()
    s.run(seconds=2)           # or s.work() in your own loop
    s.stop()
    for agg in s.aggregations():
        print(agg.desc.name, agg.rows)
    s.close()

Records reach ``record_handler(record)`` as :class:`Record` values; the CLI
installs a handler that prints them exactly as dtrace(1) does.
"""

from __future__ import annotations

import os
import struct
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .bpf import check_bpf_available, ensure_bpffs, ensure_tracefs
from .buffer_sizes import check_buffer_sizes
from .codegen.actions import AggAction
from .codegen.clause import ERROR_EPID
from .codegen.context import (
    ACTIVITY_ACTIVE,
    MS_AGG_DROPS,
    MS_DYN_DROPS,
    MS_SPEC_BUSY,
    MS_SPEC_FAILS,
)
from .codegen.destructive import uses_destructive
from .codegen.layout import ActionDesc, ClauseLayout, EnabledProbe
from .compiler import Compiled, Source, compile_sources
from .consumer.drops import Drop, DropCounters, DropKind
from .consumer.held import HeldRecords
from .consumer.pacing import RateClock
from .consumer.records import decode_field
from .errors import CompileError, DTraceError
from .lang import ast

if TYPE_CHECKING:
    from .consumer import aggfmt
    from .consumer.aggdata import MapReads
from .lang.builtins import AGG_ACTIONS, AGG_FUNCS, BUILTIN_VARS, RECORDING_ACTIONS
from .lang.subrs import SUBRS
from .options import Options
from .providers.registry import ProbeTable
from .runtime import Runtime

_HDR = struct.Struct("<II")
GLOBAL_NAMES = (frozenset(BUILTIN_VARS) | RECORDING_ACTIONS | AGG_ACTIONS | frozenset(AGG_FUNCS)
                | frozenset(SUBRS))
_ERR = struct.Struct("<IIIIIIQ")


@dataclass(frozen=True)
class Action:
    kind: str
    desc: ActionDesc
    values: tuple[object, ...]


@dataclass(frozen=True)
class Record:
    """One clause firing: where it fired and what its actions recorded."""

    cpu: int
    enabled: EnabledProbe
    actions: tuple[Action, ...]


@dataclass(frozen=True)
class Fault:
    cpu: int
    enabled: EnabledProbe
    code: int
    #: the statement (clause x probe description) that faulted
    stmt: int
    #: the instruction that detected the fault
    pc: int
    addr: int


class Session:
    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self.table = ProbeTable()
        self.sources: list[Source] = []
        self.macros: dict[str, str] = {}
        self.cpp_args: list[str] | None = None
        #: checks declarations while the parser reads them (set by compile())
        self._declarations: Callable[[ast.Item], None] | None = None
        self.compiled: Compiled | None = None
        self.runtime: Runtime | None = None
        self.record_handler: Callable[[Record], None] | None = None
        #: (enabled probe, layout) -> a direct handler for its records, or None
        self.fast_path: Callable[[EnabledProbe, ClauseLayout],
                                 Callable[[memoryview], None] | None] | None = None
        self._fast: dict[int, Callable[[memoryview, int], None]] = {}
        self.fault_handler: Callable[[Fault], None] | None = None
        self.exit_status: int | None = None
        self.done = False
        self._drops = DropCounters()
        #: speculated records that did not fit their buffer (specsize)
        self._spec_drops = 0
        self._spec_bytes: dict[int, int] = {}
        #: normalize() factors, and keyless aggregations clear() has reset
        self.normal: dict[str, int] = {}
        self.cleared: set[str] = set()
        #: aggregations printa() printed: not printed again at exit, as in DTrace
        self.printed: set[str] = set()
        #: records held in speculative buffers, by buffer id
        self.speculations: dict[int, list[Record]] = {}
        self._decoders: dict[int, Callable[[memoryview], Record]] = {}
        #: bufpolicy ring or fill: records kept until tracing stops (see consumer/held.py)
        self._held: HeldRecords | None = None
        #: records delivered now go to the held records instead
        self._holding = False
        #: the enabled probes whose records may carry exit()'s status
        self._exit_epids: set[int] = set()
        #: exit()'s record has been read (the run ends when status says so)
        self._exit_seen = False
        self._status_clock = RateClock(self.options, "statusrate")
        self._switch_clock = RateClock(self.options, "switchrate")
        #: aggregations printa() prints, read at aggrate (None: no printa())
        self._agg_clock: RateClock | None = None
        self._agg_readings: dict[str, aggfmt.Agg] = {}
        self._printa_aggs: set[str] = set()

    # -- compiling -----------------------------------------------------------------

    def add_program(self, text: str, *, filename: str | None = None,
                    field: str = "name") -> None:
        """A D program: a script file's text (filename set) or -n style text.

        ``field`` says which part of a probe description its last component
        is, as for dtrace -P (provider), -m (module), -f (function), -n (name).
        """
        kind = "script" if filename is not None else "spec"
        self.sources.append(Source(text, kind, filename or text, field=field))

    def add_probe(self, description: str, field: str = "name") -> None:
        """A bare probe description (-P/-m/-f/-n without a clause body)."""
        self.sources.append(Source(description, "spec:" + field, description))

    def _parse(self, src: Source) -> ast.Program:
        from .lang.parser import parse
        from .lang.probedesc import parse_probe_spec

        defaultargs = self.options.flag("defaultargs")
        if src.kind.startswith("spec:"):
            spec = parse_probe_spec(src.text, 1, src.kind[5:], self.macros)
            src.kind = "spec"
            return ast.Program((ast.Clause((spec,), None, (), 1),))
        text = src.text
        if self.cpp_args is not None:
            from .lang.preprocess import preprocess

            text = preprocess(text, self.cpp_args, src.name,
                              cpp_path=str(self.options.get("cpppath") or "cpp"),
                              stdc=str(self.options.get("stdc") or "a"))
        script = src.kind == "script"
        used: set[int] = set()
        program = parse(text, macros=self.macros, defaultargs=defaultargs,
                        filename=src.name if script else None, from_file=script,
                        global_names=GLOBAL_NAMES, probe_last=src.field, used_args=used,
                        on_item=self._declarations)
        self._check_last_argument(used, text)
        return program

    def _check_last_argument(self, used: set[int], text: str) -> None:
        """DTrace refuses a program that leaves the last macro argument unused
        (a forgotten $N is a common mistake), unless -x argref."""
        last = max((int(k) for k in self.macros if k.isdigit()), default=0)
        if last and last not in used and not self.options.flag("argref"):
            raise CompileError(f"extraneous argument '{self.macros[str(last)]}' (${last} is "
                               "not referenced)", "D_MACRO_UNUSED", text.count("\n") + 1)

    def compile(self) -> Compiled:
        from .lang.check_decl import DeclarationPrecheck

        self._declarations = DeclarationPrecheck()
        for src in self.sources:
            try:
                src.program = self._parse(src)
                if not src.program.items and not self.options.flag("empty"):
                    raise CompileError("empty D program translation unit", "D_EMPTY",
                                       src.text.count("\n") + 1)
            except CompileError as err:
                raise src.error(err, self.options.flag("errtags")) from None
            for item in src.program.items:
                if isinstance(item, ast.Pragma):
                    self._pragma(src, item)
            self._check_identifier_pragmas(src)
            self._check_builtin_redeclarations(src)
        self.compiled = compile_sources(self.sources, self.table, self.options)
        self._decoders = {
            epid: self._decoder(ep, self.compiled.layouts[ep.clause])
            for epid, ep in self.compiled.enabled.items()
        }
        # a consumer may handle plain records without building Record objects
        self._fast = {}
        if self.fast_path is not None:
            for epid, ep in self.compiled.enabled.items():
                f = self.fast_path(ep, self.compiled.layouts[ep.clause])
                if f is not None:
                    self._fast[epid] = f
        self._has_spec_actions = {
            epid: any(a.kind in ("speculate", "commit", "discard")
                      for a in self.compiled.layouts[ep.clause].actions)
            for epid, ep in self.compiled.enabled.items()
        }
        self._has_agg_actions = {
            epid: any(a.kind in AGG_ACTIONS for a in self.compiled.layouts[ep.clause].actions)
            for epid, ep in self.compiled.enabled.items()
        }
        self._exit_epids = {
            epid for epid, ep in self.compiled.enabled.items()
            if any(a.kind == "exit" for a in self.compiled.layouts[ep.clause].actions)
        }
        self._printa_aggs = {
            name for layout in self.compiled.layouts for a in layout.actions
            if a.kind == "printa" for name in a.format.aggs  # type: ignore[attr-defined]
        }
        self._agg_clock = RateClock(self.options, "aggrate") if self._printa_aggs else None
        return self.compiled

    def _check_identifier_pragmas(self, src: Source) -> None:
        """``#pragma D attributes``/``binding`` name a provider or an identifier
        the program declares (before or after the pragma); DTrace refuses one
        that names an identifier defined outside the program, and one whose
        identifier never appears by the end of the program."""
        assert src.program is not None
        declared: set[str] = set()
        for item in src.program.items:
            if isinstance(item, ast.Inline):
                declared.add(item.name)
            elif isinstance(item, ast.Decl) and item.storage in (None, "static", "extern"):
                # a function prototype declares no identifier DTrace can find
                declared.update(d.name for d in item.names
                                if not (d.type.derived and d.type.derived[0][0] == "func"))
        providers = {p.name for p in self.table.providers}
        for item in src.program.items:
            if not isinstance(item, ast.Pragma) or item.kind not in ("attributes", "binding"):
                continue
            name = item.words[1]
            if name in providers or name in declared:
                continue
            if name in GLOBAL_NAMES:
                err = CompileError(f"#pragma {item.kind} cannot modify entity defined outside "
                                   "program scope", "D_PRAGMA_SCOPE", item.line)
            else:
                err = CompileError(f"unused #pragma {item.kind}", "D_PRAGMA_UNUSED", item.line)
            raise src.error(err, self.options.flag("errtags"))

    def _check_builtin_redeclarations(self, src: Source) -> None:
        """A program's global variable may not take the name of a built-in
        variable, function or action of the D version it is written for."""
        from .lang.versions import visible

        assert src.program is not None
        version = self.options.get("version")
        written_for = None if version is None else str(version)
        for item in src.program.items:
            if not isinstance(item, ast.Decl) or item.storage is not None:
                continue
            for d in item.names:
                if d.name in GLOBAL_NAMES and visible(d.name, written_for):
                    raise src.error(CompileError(f"built-in identifier redeclared: {d.name}",
                                                 "D_DECL_IDRED", d.line),
                                    self.options.flag("errtags"))

    def _pragma(self, src: Source, p: ast.Pragma) -> None:
        if p.kind != "option":
            return
        from .options import OptionError

        for word in p.words:
            name, eq, value = word.partition("=")
            try:
                self.options.apply(name, value if eq else None, in_program=True)
            except OptionError as exc:
                what = f"'{name}' to '{value}'" if eq else f"'{name}'"
                raise src.error(CompileError(f"failed to set option {what}: {exc}",
                                             "D_PRAGMA_OPTSET", p.line),
                                self.options.flag("errtags")) from None

    # -- running --------------------------------------------------------------------

    def go(self) -> None:
        """Create maps, load and attach every program, then fire BEGIN."""
        if self.compiled is None:
            self.compile()
        assert self.compiled is not None
        if uses_destructive(self.compiled.clauses) and not self.options.flag("destructive"):
            raise DTraceError("could not enable tracing: Destructive actions not allowed")
        check_buffer_sizes(self.compiled, self.options)
        check_bpf_available()
        ensure_tracefs()
        ensure_bpffs()
        rt = Runtime(self.compiled, verbose=self.options.flag("verbose"),
                     bpflog=self.options.flag("bpflog"))
        self.runtime = rt
        self._status_clock = RateClock(self.options, "statusrate")
        self._switch_clock = RateClock(self.options, "switchrate")
        policy = self.options.get("bufpolicy")
        if policy in ("ring", "fill"):
            limit = self.options.int("bufsize") if policy == "ring" else None
            self._held = HeldRecords(limit, self._evicted)
        try:
            rt.create_maps()
            rt.load()
            # every probe is attached but records nothing until BEGIN has fired
            rt.attach()
            rt.fire("BEGIN")
            rt.activate()
            if self._switch_clock.set:
                # the buffer is read once per switchrate, the first time one
                # switchrate from now (BEGIN's records wait too), as in DTrace 2.x
                self._switch_clock.due(time.monotonic())
            else:
                self.poll(0)
            # as in DTrace, aggregations are read afresh once BEGIN's records are in
            if self._agg_clock is not None:
                self._agg_clock.restart()
            # status is first read now: the next read is one statusrate away
            self._status(time.monotonic())
        except BaseException:
            self.close()
            raise

    def poll(self, timeout_ms: int = 100) -> int:
        """Wait up to ``timeout_ms`` for records and handle them; return how many."""
        rt = self.runtime
        if rt is None or rt.ring is None:
            return 0
        if timeout_ms and not rt.ring.available():
            rt.ring.poll(timeout_ms)
        clock = self._agg_clock
        upto = None
        if clock is not None and clock.set and clock.due(time.monotonic()):
            # only records written before the reading are handled in this pass,
            # so that a printa() never sees a reading older than its own record
            upto = rt.ring.producer_pos
            self._read_aggregations()
        if self._held is not None:
            return rt.ring.consume_raw(self._take_held, upto)
        return rt.ring.consume_dispatch(self._fast, self._dispatch, upto)

    def work(self, wait_ms: int = 100) -> int:
        """One pass of the consumer loop: read records (as soon as they arrive,
        or at switchrate when it is set), then status at statusrate.  Waits at
        most ``wait_ms``; returns how many records were read."""
        switch = self._switch_clock
        if switch.set:
            delay = switch.wait(time.monotonic())
            if delay > 0:
                time.sleep(min(delay, wait_ms / 1000))
                read = 0
            else:
                switch.due(time.monotonic())
                read = self.poll(0)
        else:
            read = self.poll(wait_ms)
        self._status(time.monotonic())
        return read

    def run(self, seconds: float | None = None) -> None:
        """Consume until exit() is called (or ``seconds`` pass)."""
        deadline = None if seconds is None else time.monotonic() + seconds
        while not self.done:
            self.work(100)
            if deadline is not None and time.monotonic() >= deadline:
                break

    def _status(self, now: float) -> None:
        """DTrace reads status at statusrate: drops are reported then, and the
        end of the run (exit(), a filled buffer) noticed.  Unless statusrate
        was set, the end is noticed at every pass instead (see pacing.py)."""
        clock = self._status_clock
        tick = clock.due(now)
        if tick:
            self.check_drops()
        if (clock.set and not tick) or self.runtime is None:
            return
        if self._exit_seen:
            self.done = True
        elif self._held is not None and self.runtime.activity() != ACTIVITY_ACTIVE:
            # exit()'s record is held with the others: the kernel side's state
            # says it was called, or that the fill buffer filled
            self.done = True

    def stop(self) -> None:
        """Disable every probe, fire END, and take in the last records."""
        rt = self.runtime
        if rt is None:
            return
        rt.detach()
        # the records still to read see the aggregations as they are now
        if self._agg_clock is not None:
            self._agg_clock.restart()
        self.poll(0)
        rt.fire("END")
        if self._agg_clock is not None:
            self._agg_clock.restart()
        self.poll(0)
        if self._held is not None:
            # ring and fill buffers are printed once tracing has stopped
            for rec in self._held.drain():
                if isinstance(rec, Record):
                    self._deliver(rec)
                    continue
                assert isinstance(rec, bytes)
                handler = self._fast.get(_HDR.unpack_from(rec)[0])
                if handler is not None:
                    handler(rec, 0)
                else:
                    self._handle(memoryview(rec))
        self.check_drops()

    def close(self) -> None:
        if self.runtime is not None:
            self.runtime.close()
            self.runtime = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- results ----------------------------------------------------------------------

    def aggregations(self) -> list[aggfmt.Agg]:
        """A merged snapshot of every aggregation, in declaration order."""
        rt, comp = self.runtime, self.compiled
        if rt is None or comp is None:
            return []
        from .consumer.aggdata import MapReads

        descs = sorted(comp.ctx.aggs.values(), key=lambda d: d.order)
        read = MapReads()
        return [self._snapshot(d.name, read) for d in descs]

    def _read_aggregations(self) -> None:
        """Read every aggregation printa() prints: what it prints until the next
        reading (aggrate)."""
        from .consumer.aggdata import MapReads

        read = MapReads()
        self._agg_readings = {name: self._snapshot(name, read) for name in self._printa_aggs}

    def _printa_view(self, name: str, read: MapReads | None = None) -> aggfmt.Agg:
        """What printa() prints of an aggregation: its latest reading when
        aggrate is set, else the aggregation as it is now."""
        clock = self._agg_clock
        held = self._agg_readings.get(name) if clock is not None and clock.set else None
        if held is None:
            return self._snapshot(name, read)
        from .consumer.aggdata import format_desc

        desc = self.compiled.ctx.aggs[name]  # type: ignore[union-attr]
        return replace(held, desc=format_desc(desc, self.normal.get(name, 1)))

    def _snapshot(self, name: str, read: MapReads | None = None) -> aggfmt.Agg:
        from .consumer.aggdata import snapshot

        desc = self.compiled.ctx.aggs[name]  # type: ignore[union-attr]
        m = self.runtime.maps[desc.map_name]  # type: ignore[union-attr]
        return snapshot(desc, m, self.normal.get(name, 1), name in self.cleared,
                        self.options.flag("aggpercpu"), read)

    def _speculative(self, rec: Record) -> Record | None:
        """Hold speculated records; print or drop them at commit or discard.

        A clause's commit() and discard() calls take effect in their order.
        A speculation holds at most specsize bytes: what does not fit is a
        speculative drop, as in DTrace.
        """
        spec_kinds = ("speculate", "commit", "discard")
        rest = Record(rec.cpu, rec.enabled, tuple(
            a for a in rec.actions if a.kind not in spec_kinds))
        for a in rec.actions:
            if a.kind not in spec_kinds:
                continue
            sid = int(a.values[0])  # type: ignore[arg-type]
            if a.kind == "speculate":
                if sid in self._active_specs():
                    self._hold(sid, rest)
                return None  # the kernel only records speculate() on an active buffer
            if not sid:
                continue
            held = self.speculations.pop(sid, [])
            self._spec_bytes.pop(sid, None)
            self._free_spec(sid)
            if a.kind == "commit":
                for r in held:
                    self._deliver(r)
        return rest if rest.actions else None

    def _hold(self, sid: int, rec: Record) -> None:
        assert self.compiled is not None
        size = self.compiled.layouts[rec.enabled.clause].size
        used = self._spec_bytes.get(sid, 0)
        if used + size > self.options.int("specsize"):
            self._spec_drops += 1
            return
        self._spec_bytes[sid] = used + size
        self.speculations.setdefault(sid, []).append(rec)

    def _active_specs(self) -> set[int]:
        m = self.runtime.maps["specs"]  # type: ignore[union-attr]
        return {i + 1 for i in range(m.max_entries)
                if struct.unpack("<Q", m.lookup(struct.pack("<I", i)) or bytes(8))[0]}

    def _free_spec(self, sid: int) -> None:
        m = self.runtime.maps["specs"]  # type: ignore[union-attr]
        if 1 <= sid <= m.max_entries:
            m.update(struct.pack("<I", sid - 1), bytes(8))

    def _agg_action(self, a: Action) -> Action:
        """printa/clear/trunc/normalize/denormalize, done as the record arrives."""
        spec: AggAction = a.desc.format  # type: ignore[assignment]
        comp, rt = self.compiled, self.runtime
        assert comp is not None and rt is not None
        name = spec.aggs[0]
        desc = comp.ctx.aggs[name]
        if spec.kind == "printa":
            from .consumer.aggdata import MapReads

            self.printed.update(spec.aggs)
            read = MapReads()
            return Action(a.kind, a.desc, tuple(self._printa_view(n, read) for n in spec.aggs))
        from .consumer.aggdata import clear, trunc

        if spec.kind == "clear":
            clear(desc, rt.maps[desc.map_name])
            if desc.keyless:
                self.cleared.add(name)
        elif spec.kind == "trunc":
            keep = int(a.values[0]) if a.values else 0  # type: ignore[arg-type]
            trunc(desc, rt.maps[desc.map_name], keep, rt.maps.get("aggfreed"))
            if desc.keyless and not keep:
                self.cleared.discard(name)
        elif spec.kind == "normalize":
            self.normal[name] = int(a.values[0])  # type: ignore[arg-type]
        elif spec.kind == "denormalize":
            self.normal.pop(name, None)
        if spec.kind in ("clear", "trunc") and name in self._agg_readings:
            self._agg_readings[name] = self._snapshot(name)
        return a

    def check_drops(self) -> list[tuple[int, int]]:
        """Report new drops of every kind; return the principal ones: [(cpu, count)]."""
        rt = self.runtime
        if rt is None:
            return []
        seen = self._drops
        # records a ring buffer loses are overwritten ones: DTrace reports none
        ring = self.options.get("bufpolicy") == "ring"
        drops = [] if ring else seen.per_cpu(DropKind.PRINCIPAL, rt.drops())
        drops += seen.per_cpu(DropKind.AGGREGATION, rt.drops(MS_AGG_DROPS))
        drops += seen.total(DropKind.DYNAMIC, sum(rt.drops(MS_DYN_DROPS)))
        drops += seen.total(DropKind.SPEC, self._spec_drops)
        drops += seen.total(DropKind.SPECBUSY, sum(rt.drops(MS_SPEC_BUSY)))
        drops += seen.total(DropKind.SPECUNAVAIL, sum(rt.drops(MS_SPEC_FAILS)))
        for d in drops:
            self.on_drop(d)
        return [(d.cpu or 0, d.count) for d in drops if d.kind is DropKind.PRINCIPAL]

    def on_drop(self, drop: Drop) -> None:
        """Called for each new drop report; the CLI prints DTrace's message."""
        if drop.kind is DropKind.PRINCIPAL:
            self.on_drops(drop.cpu or 0, drop.count)
        elif drop.kind is DropKind.SPECUNAVAIL:
            self.on_spec_fails(drop.count)

    def on_spec_fails(self, count: int) -> None:
        """Called when speculation() found no free buffer."""

    def on_drops(self, cpu: int, count: int) -> None:
        """Called for new principal-buffer drops."""

    # -- records ----------------------------------------------------------------------

    def _decoder(self, ep: EnabledProbe, layout: ClauseLayout) -> Callable[[memoryview], Record]:
        actions = layout.actions

        def decode(mv: memoryview) -> Record:
            mask = struct.unpack_from("<Q", mv, 8)[0] if layout.has_mask else -1
            out = []
            for a in actions:
                if a.bit is not None and not mask >> a.bit & 1:
                    continue
                out.append(Action(a.kind, a, tuple(decode_field(mv, f) for f in a.fields)))
            return Record(_HDR.unpack_from(mv)[1], ep, tuple(out))

        return decode

    def _dispatch(self, buf: memoryview, off: int, length: int) -> None:
        """A record the consumer has no fast path for (those go to the fast
        path's handler straight from the ring buffer, with no view made)."""
        mv = buf[off : off + length]
        try:
            self._handle(mv)
        finally:
            mv.release()

    def _handle(self, mv: memoryview) -> None:
        epid, cpu = _HDR.unpack_from(mv)
        if epid == ERROR_EPID:
            _, _, fepid, pc, code, stmt, addr = _ERR.unpack_from(mv)
            ep = self.compiled.enabled[fepid]  # type: ignore[union-attr]
            if self.fault_handler is not None:
                self.fault_handler(Fault(cpu, ep, code, stmt, pc, addr))
            return
        # records after exit()'s are still printed: the kernel already stopped
        # recording new ones, and END's come after
        rec = self._decoders[epid](mv)
        if self._has_spec_actions.get(epid):
            rec = self._speculative(rec)
            if rec is None:
                return
        self._deliver(rec)

    def _take_held(self, buf: memoryview, off: int, length: int) -> None:
        """Under bufpolicy ring or fill: keep a record until tracing stops.

        Speculation buffers are freed as commit() and discard() are read, so
        records with those actions are handled at once (for the next
        speculation() to find a free buffer); the records they deliver are
        held in their place.
        """
        assert self._held is not None
        if self._has_spec_actions.get(_HDR.unpack_from(buf, off)[0]):
            self._holding = True
            try:
                self._dispatch(buf, off, length)
            finally:
                self._holding = False
        else:
            self._held.copy(buf, off, length)

    def _deliver(self, rec: Record) -> None:
        epid = rec.enabled.epid
        if self._holding:
            assert self._held is not None and self.compiled is not None
            self._held.keep(rec, self.compiled.layouts[rec.enabled.clause].size)
            return
        if self._has_agg_actions.get(epid):
            rec = Record(rec.cpu, rec.enabled, tuple(
                self._agg_action(a) if a.kind in AGG_ACTIONS else a for a in rec.actions))
        if self.record_handler is not None:
            self.record_handler(rec)
        for a in rec.actions:
            if a.kind == "exit":
                self.exit_status = int(a.values[0])  # type: ignore[arg-type]
                self._exit_seen = True
                if not self._status_clock.set:
                    self.done = True

    def _evicted(self, rec: object) -> None:
        """A ring buffer record pushed out by newer ones: only the status exit()
        recorded in it still counts."""
        if isinstance(rec, bytes):
            epid = _HDR.unpack_from(rec)[0]
            if epid not in self._exit_epids:
                return
            rec = self._decoders[epid](memoryview(rec))
        assert isinstance(rec, Record)
        for a in rec.actions:
            if a.kind == "exit":
                self.exit_status = int(a.values[0])  # type: ignore[arg-type]


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


__all__ = ["Session", "Record", "Action", "Fault", "Options", "Sequence"]
