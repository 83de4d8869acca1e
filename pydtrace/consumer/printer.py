"""Text output exactly as dtrace(1) prints it: probe lines, printf, trace, drops."""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from ..codegen.faults import fault_message
from ..codegen.layout import ActionDesc, ClauseLayout, EnabledProbe
from . import printf as pf
from . import traceformat as tf

if TYPE_CHECKING:
    from ..options import Options
    from ..session import Action, Fault, Record
    from .aggfmt import Agg, SortOptions
    from .drops import Drop
    from .pcapfile import CaptureFiles

#: actions the consumer carries out or lays out itself (see effects.py)
EFFECTS = frozenset({"system", "freopen", "setopt", "tracemem", "print", "pcap"})


class KernelSymbols:
    """%a and %A: kernel addresses by symbol; user ones stay hex until the pid
    provider brings user symbol tables."""

    def addr2str(self, addr: int) -> str:
        from ..symbols.kallsyms import kallsyms

        return kallsyms().format(addr)

    def uaddr2str(self, pid: int, addr: int) -> str:
        return f"0x{addr:x}"


SYMBOLS = KernelSymbols()


def symbol_of(fn: str, addr: int) -> tuple[int, str]:
    """(address the symbol starts at, DTrace's text) for sym()/func()/mod()."""
    from ..symbols.kallsyms import kallsyms

    hit = kallsyms().lookup(addr)
    if hit is None:
        return addr, f"0x{addr:x}"
    name, module, off = hit
    module = module or "vmlinux"
    return addr - off, module if fn == "mod" else f"{module}`{name}"


def user_symbol_text(fn: str, pid: int, addr: int) -> str:
    """uaddr(): the address by symbol and offset; usym()/ufunc(): the symbol
    holding it; umod(): the file mapped there."""
    from ..symbols.usyms import USER_SYMBOLS

    if fn == "umod":
        return USER_SYMBOLS.module(pid, addr)
    if fn != "uaddr":
        addr = USER_SYMBOLS.symbol_start(pid, addr)
    return USER_SYMBOLS.format(pid, addr)


def symbol_text(fn: str, addr: int) -> str:
    return symbol_of(fn, addr)[1]


def testing_mode() -> bool:
    """Oracle's test suite runs dtrace with _DTRACE_TESTING: no CPU/ID columns."""
    return bool(os.environ.get("_DTRACE_TESTING"))


class TextPrinter:
    def __init__(self, out: TextIO, err: TextIO, options: Options) -> None:
        self.out = out
        self.err = err
        self.options = options
        self.testing = testing_mode()
        self.headed = False
        self._renderers: dict[int, object] = {}
        #: a callable giving the aggsort options (computed when printa needs them)
        self.sort: object = None
        self.buf: list[str] = []
        self.flow = options.flag("flowindent")
        #: -F state per CPU: indent, probe id and statement of the last record
        self._flow_state: dict[int, list[int]] = {}
        #: the output freopen() replaced, while it is replaced
        self.original_out: TextIO | None = None
        #: the file freopen() sent output to, where pcap() writes packets
        self.freopen_path: str | None = None
        self.captures: CaptureFiles | None = None

    def _render(self, a: ActionDesc, values: tuple[object, ...]) -> str:
        key = id(a)
        r = self._renderers.get(key)
        if r is None:
            fmt, specs = a.format  # type: ignore[misc]
            r = pf.bind(fmt, specs, SYMBOLS)
            self._renderers[key] = r
        return r(values)  # type: ignore[operator]

    @property
    def quiet(self) -> bool:
        """Read when needed: a script's pragma may set it while compiling."""
        return self.options.flag("quiet")

    def fast_path(self, ep: EnabledProbe, layout: ClauseLayout) -> Callable | None:
        """A handler that formats a plain record straight from its bytes.

        Used for clauses whose actions are printf/trace only, unconditional:
        one struct unpack and one format per record, no objects in between.
        """
        if layout.has_mask or not all(a.kind in ("printf", "trace") for a in layout.actions):
            return None
        if self.flow:
            return None  # the indent depends on the records before
        if any(f.kind == "float" for a in layout.actions for f in a.fields):
            return None
        fmt = ["<4xI"]  # skip epid, take cpu
        pos = 8
        pieces: list[tuple[str, Callable, int, int]] = []  # kind, renderer, first, count
        strings: list[int] = []
        n = 0
        for a in layout.actions:
            first = n
            for f in a.fields:
                fmt.append(f"{f.offset - pos}x" if f.offset > pos else "")
                if f.kind == "string":
                    fmt.append(f"{f.size}s")
                    strings.append(n + 1)
                elif f.kind == "bytes":
                    fmt.append(f"{f.size}s")
                else:
                    fmt.append("q" if f.signed else "Q")
                pos = f.offset + f.size
                n += 1
            pieces.append(self._piece(a, first, n - first))
        buf = self.buf
        quiet, testing = self.quiet, self.testing
        if quiet and not strings and len(pieces) == 1:
            # the common case (one printf of numbers, -q): one unpack, one format
            fmt[0] = "<8x"
            unpack_values = struct.Struct("".join(fmt)).unpack_from
            render_all = pieces[0][0]
            append = buf.append
            return lambda data, off: append(render_all(unpack_values(data, off)))
        unpack = struct.Struct("".join(fmt)).unpack_from
        p = ep.probe
        lead = tf.probe_line(0, p.id, p.function, p.name, testing=testing)
        if not testing:
            lead = lead[3:]  # the CPU column is filled in per record

        def handle(data: memoryview, off: int) -> None:
            vals = list(unpack(data, off))
            for i in strings:
                vals[i] = vals[i].split(b"\0", 1)[0].decode("utf-8", "replace")
            if not quiet:
                if not self.headed:
                    buf.append(tf.heading(testing=testing))
                    self.headed = True
                buf.append(lead if testing else f"{vals[0]:3d}{lead}")
            for render, first, count in pieces:
                buf.append(render(vals[first + 1 : first + 1 + count]))
            if not quiet:
                buf.append(tf.END_OF_PROBE)

        return handle

    def _piece(self, a: ActionDesc, first: int, count: int) -> tuple[Callable, int, int]:
        if a.kind == "printf":
            fmt, specs = a.format  # type: ignore[misc]
            return pf.bind(fmt, specs, SYMBOLS), first, count
        f = a.fields[0]
        quiet = self.quiet
        if f.kind == "string":
            return (lambda v: self.trace_string(v[0])), first, count
        if f.kind == "bytes":
            return (lambda v: tf.hexdump(v[0])), first, count
        return (lambda v: tf.trace_int(v[0], f.width, f.signed, quiet)), first, count

    def trace_string(self, v: str) -> str:
        """trace() of a string: text, or with rawbytes its strsize + 1 bytes
        (zeros after the NUL) as a dump, as DTrace shows them."""
        if not self.options.flag("rawbytes"):
            return tf.trace_str(v, self.quiet)
        n = int(self.options.get("strsize") or 256) + 1  # type: ignore[call-overload]
        data = v.encode("utf-8", "surrogateescape")[: n - 1]
        return tf.hexdump(data + bytes(n - len(data)))

    def record(self, rec: Record) -> None:
        out = []
        if not self.quiet:
            if not self.headed:
                out.append(tf.heading(flowindent=self.flow, testing=self.testing))
                self.headed = True
            p = rec.enabled.probe
            if self.flow:
                out.append(self.flow_line(rec))
            else:
                out.append(tf.probe_line(rec.cpu, p.id, p.function, p.name,
                                         testing=self.testing))
        for a in rec.actions:
            if a.kind == "printf":
                out.append(self._render(a.desc, a.values))
            elif a.kind == "trace":
                f = a.desc.fields[0]
                v = a.values[0]
                if f.kind == "string":
                    out.append(self.trace_string(v))  # type: ignore[arg-type]
                elif f.kind == "bytes":
                    out.append(tf.hexdump(v))  # type: ignore[arg-type]
                else:
                    if isinstance(v, float):  # trace() shows a float's bits, as DTrace's does
                        code = "f" if f.width == 4 else "d"
                        v = int.from_bytes(struct.pack("<" + code, v), "little")
                    out.append(tf.trace_int(v, f.width, f.signed, self.quiet))  # type: ignore[arg-type]
            elif a.kind in ("usym", "ufunc", "uaddr", "umod"):
                pid, addr = a.values[0]  # type: ignore[misc]
                out.append(tf.trace_sym(user_symbol_text(a.kind, pid, addr)))
            elif a.kind in ("sym", "func", "mod"):
                out.append(tf.trace_sym(symbol_text(a.kind, a.values[0])))  # type: ignore[arg-type]
            elif a.kind in ("stack", "ustack"):
                out.append(tf.trace_stack(self.frames(a.kind, a.values[0])))  # type: ignore[arg-type]
            elif a.kind == "printa":
                out.append(self.printa(a.desc.format, a.values))  # type: ignore[arg-type]
            elif a.kind in EFFECTS:
                out = self.effect(rec, a, out)
        if not self.quiet:
            out.append(tf.END_OF_PROBE)
        self.buf.append("".join(out))

    def flow_line(self, rec: Record) -> str:
        """-F: entry probes indent what follows on their CPU, returns undo it
        (probes named entry/return or ending in -entry/-return, as DTrace)."""
        p, stmt = rec.enabled.probe, rec.enabled.stmt
        state = self._flow_state.setdefault(rec.cpu, [0, -1, -1])
        syscall = p.provider == "syscall"
        kind = None
        if p.name == "entry" or p.name.endswith("-entry"):
            # the same probe again from another statement is not a new call
            if not (stmt != state[2] and p.id == state[1]):
                kind = "entry"
        elif p.name == "return" or p.name.endswith("-return"):
            kind = "return"
        if kind == "return" and state[0] > 0:
            state[0] -= 2
        if kind == "entry":
            line = tf.flow_line(rec.cpu, state[0], " => " if syscall else " -> ", p.function,
                                None, testing=self.testing)
            state[0] += 2
        elif kind == "return":
            line = tf.flow_line(rec.cpu, state[0], " <= " if syscall else " <- ", p.function,
                                None, testing=self.testing)
        else:
            line = tf.flow_line(rec.cpu, state[0], "| ", p.function, p.name,
                                testing=self.testing)
        state[1], state[2] = p.id, stmt
        return line
    def effect(self, rec: Record, a: Action, out: list[str]) -> list[str]:
        """system(), freopen(), setopt(), tracemem(), print(): what is printed
        before them goes out first, since they act on the output."""
        from . import effects
        from .printtype import DEFAULT_PRINTSIZE, format_print

        if a.kind == "tracemem":
            out.append(tf.hexdump(effects.tracemem_bytes(a.values)))
            return out
        if a.kind == "pcap":
            return self.pcap(a.values, out)
        if a.kind == "print":
            size = int(self.options.get("printsize") or 0)  # type: ignore[call-overload]
            if not 0 < size <= 65536:
                size = DEFAULT_PRINTSIZE
            size = (size + 7) & ~7
            spec = a.desc.format
            out.append(format_print(a.values[0], spec.dtype, a.values[1], size,  # type: ignore[arg-type, union-attr]
                                    spec.labels))  # type: ignore[union-attr]
            return out
        self.buf.append("".join(out))
        self.flush()
        if a.kind == "system":
            effects.run_command(self._render(a.desc, a.values), self.out)
        elif a.kind == "freopen":
            self.reopen(rec, self._render(a.desc, a.values) if a.desc.format else "")
        elif a.kind == "setopt":
            name = str(a.values[0])
            problem = effects.set_option(self.options, name,
                                         str(a.values[1]) if len(a.values) > 1 else None)
            if problem is not None:
                self.library_error(rec, problem)
        return []

    def pcap(self, values: tuple[object, ...], out: list[str]) -> list[str]:
        """pcap(): into the capture file named by freopen(), else a hex dump."""
        from .pcapfile import CaptureFiles, dump_text

        time_ns, length, dlt, data = values
        n = int(length)  # type: ignore[call-overload]
        if n <= 0:
            return out
        if self.freopen_path is None:
            out.append(dump_text(n, data))  # type: ignore[arg-type]
            return out
        if self.captures is None:
            self.captures = CaptureFiles(len(data))  # type: ignore[arg-type]
        self.captures.write(self.freopen_path, int(dlt), int(time_ns),  # type: ignore[call-overload]
                            data[:n])  # type: ignore[index]
        return out

    def reopen(self, rec: Record, path: str) -> None:
        """freopen(): append output to ``path``; "" goes back to the original."""
        if not path:
            self.freopen_path = None
            if self.original_out is not None:
                self.out.close()
                self.out, self.original_out = self.original_out, None
            return
        try:
            f = open(path, "a")  # noqa: SIM115 - it is the output from now on
        except OSError as exc:
            self.library_error(rec, f'couldn\'t freopen() "{path}": {exc.strerror}')
            return
        if self.original_out is None:
            self.original_out = self.out
        else:
            self.out.close()
        self.out = f
        self.freopen_path = path

    def library_error(self, rec: Record, message: str) -> None:
        """An action the consumer carries out failed: DTrace's error line."""
        p = rec.enabled.probe
        self.flush()
        self.err.write(f"dtrace: error in dt_clause_{rec.enabled.stmt} for probe ID {p.id} "
                       f"({p.fullname}): {message}\n\n")

    def sort_options(self) -> SortOptions:
        """The aggsort* options, read when output is sorted."""
        from .aggfmt import SortOptions

        return self.sort() if callable(self.sort) else (self.sort or SortOptions())

    def printa(self, spec: object, aggs: tuple) -> str:  # noqa: ANN001
        from . import aggfmt

        sort = self.sort_options()
        fmt = spec.format  # type: ignore[attr-defined]
        if fmt is not None:
            return aggfmt.format_printa_fmt(fmt, aggs, sort)  # type: ignore[arg-type]
        if len(aggs) == 1:
            return aggfmt.format_printa(aggs[0], sort)  # type: ignore[arg-type]
        return aggfmt.format_printa_joined(aggs, sort)  # type: ignore[arg-type]

    @staticmethod
    def frames(kind: str, pcs: tuple[int, ...]) -> list[str]:
        """Kernel frames by symbol (module`func+0xoff); user frames by the
        symbols of the files the process has mapped (the pid comes first)."""
        if kind == "ustack":
            from ..symbols.usyms import USER_SYMBOLS

            pid = pcs[0] if pcs else 0
            return [USER_SYMBOLS.format(pid, pc) for pc in pcs[1:]]
        from ..symbols.kallsyms import kallsyms

        syms = kallsyms()
        return [syms.format(pc) for pc in pcs]

    def fault(self, f: Fault) -> None:
        # DTrace 2.x's wording: the statement is named as its BPF function
        p = f.enabled.probe
        self.flush()
        self.err.write(
            f"dtrace: error in dt_clause_{f.stmt} for probe ID {p.id} ({p.fullname}): "
            f"{fault_message(f.code, f.addr)} at BPF pc {f.pc}\n"
        )

    def drops(self, cpu: int, count: int) -> None:
        self.flush()
        self.err.write(f"dtrace: {count} drop{'s' if count != 1 else ''} on CPU {cpu}\n")

    def drop(self, drop: Drop) -> None:
        self.flush()
        self.err.write(f"dtrace: {drop.message(self.options.flag('droptags'))}\n")

    def spec_fails(self, count: int) -> None:
        self.flush()
        s = "s" if count != 1 else ""
        self.err.write(f"dtrace: {count} failed speculation{s} "
                       "(no speculative buffer available)\n")

    def aggregations(self, aggs: Sequence[Agg], opts: SortOptions) -> str:
        """The aggregations dtrace prints at exit."""
        from .aggfmt import format_aggregations

        return format_aggregations(aggs, opts)

    def after_interrupt(self) -> str:
        """DTrace's newline after ^C, even when quiet."""
        return "" if self.testing else "\n"

    def end_of_run(self) -> str:
        """The blank line between the trace and the aggregations."""
        return tf.END_OF_RUN

    def flush(self) -> None:
        """Write what the records of one batch produced, in one call."""
        # processes map and unmap files between batches; nothing to forget
        # (nor a module to load) before a user symbol was looked up
        usyms = sys.modules.get("pydtrace.symbols.usyms")
        if usyms is not None:
            usyms.USER_SYMBOLS.forget()
        if self.buf:
            self.out.write("".join(self.buf))
            self.buf.clear()
        self.out.flush()


def make_printer(out: TextIO, err: TextIO, options: Options) -> TextPrinter:
    """The printer -x oformat asks for (text unless told otherwise; the
    option's value was checked when it was set)."""
    if options.get("oformat") == "json":
        from .jsonout import JsonPrinter

        return JsonPrinter(out, err, options)
    return TextPrinter(out, err, options)
