"""trace() output and dtrace's default per-probe lines (cmd/dtrace.c, dt_consume.c).

Rules found in DTrace and kept here:
- Without -q the first record prints the heading "%3s %6s %32s" (CPU, ID, FUNCTION:NAME);
  each firing then prints "%3d %6d %32s " (cpu, probe id, "func:name"), its actions' output
  right after on the same line, and a "\\n" once all records of the firing are done.
- trace() of an integer: signed " %19d"/" %10d"/" %5d"/" %3d" by size 8/4/2/1, unsigned
  " %20u"/" %10u"/" %5u"/" %3u"; strings "  %-33s".  With -q: just "%d"/"%u"/"%s".
- Other data prints as a hex dump (offsets "%5x:", 16 bytes a row, then the printable text).
- With flowindent the heading is "%3s %-41s" (CPU, FUNCTION) and rows indent by 2 per entry.
When dtrace stops it prints one "\\n" before the aggregations (END_OF_RUN).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydtrace.consumer import printf as pf

#: What dtrace(1) writes after the last record and before the aggregations.
END_OF_RUN = "\n"

#: Indentation of stack frames in trace output (the stackindent option's default).
STACK_INDENT = 14


def heading(*, flowindent: bool = False, testing: bool = False) -> str:
    """The one-time column heading printed before the first record when not quiet.

    ``testing`` is dtrace's _DTRACE_TESTING mode (no CPU and ID columns), which is what
    Oracle's expected-output files were recorded with.
    """
    if flowindent:
        return f"{'FUNCTION':<41s}\n" if testing else f"{'CPU':>3s} {'FUNCTION':<41s}\n"
    if testing:
        return f"{'FUNCTION:NAME':>32s}\n"
    return f"{'CPU':>3s} {'ID':>6s} {'FUNCTION:NAME':>32s}\n"


def probe_line(cpu: int, probe_id: int, func: str, name: str, *, testing: bool = False) -> str:
    """The start of a firing's line (no newline: the actions' output follows)."""
    fn = f"{func}:{name}"
    if testing:
        return f"{fn:>32s} "
    return f"{cpu:3d} {probe_id:6d} {fn:>32s} "


def flow_line(cpu: int, indent: int, prefix: str, func: str, name: str | None, *,
              testing: bool = False) -> str:
    """The start of a firing's line under -F: indented, with the entry/return
    arrow and the function (``| func:name`` for other probes)."""
    fn = f"{'':{indent}}{prefix}{func}" if name is None else \
        f"{'':{indent}}{prefix}{func}:{name}"
    return f"{fn:<41s} " if testing else f"{cpu:3d} {fn:<41s} "


#: Ends a firing's line when not quiet.
END_OF_PROBE = "\n"


def trace_int(value: int, size: int = 8, signed: bool = True, quiet: bool = False) -> str:
    """trace() of an integer of the given size and signedness."""
    if signed:
        v = pf.to_signed(value, size)
        if quiet:
            return str(v)
        return f" {v:{_SIGNED_W[size]}d}"
    v = pf.to_unsigned(value, size)
    if quiet:
        return str(v)
    return f" {v:{_UNSIGNED_W[size]}d}"


_SIGNED_W = {8: 19, 4: 10, 2: 5, 1: 3}
_UNSIGNED_W = {8: 20, 4: 10, 2: 5, 1: 3}


def trace_str(s: str, quiet: bool = False) -> str:
    """trace() of a string."""
    return s if quiet else "  " + pf.pad_str(s, 33, True)


def trace_stack(frames: tuple[str, ...] | list[str], indent: int = STACK_INDENT) -> str:
    """stack()/ustack() as an action: a newline, then one indented line per frame."""
    return pf.format_stack(frames, indent)


def trace_sym(text: str) -> str:
    """sym(), mod(), usym(), umod(), uaddr() as actions: "  %-50s"."""
    return "  " + pf.pad_str(text, 50, True)


def hexdump(data: bytes, margin: int = 5) -> str:
    """DTrace's raw byte display (trace() of arrays and structs, -x rawbytes)."""
    if not data:
        return ""
    pad = " " * margin
    out = ["\n", pad, "      ", "".join(f"  {d}" for d in "0123456789abcdef"),
           "  0123456789abcdef\n"]
    for off in range(0, len(data), 16):
        chunk = data[off:off + 16]
        hexes = "".join(f" {b:02x}" for b in chunk) + "   " * (16 - len(chunk))
        text = "".join(chr(b) if 32 <= b <= 126 else "." for b in chunk)
        out.append(f"{pad}{off:5x}:{hexes}  {text}\n")
    return "".join(out)


def _printable(b: int) -> bool:
    # isprint() or isspace() in the C locale, plus backspace and bell.
    return 32 <= b <= 126 or 9 <= b <= 13 or b in (7, 8)


def format_bytes(data: bytes, width: int = 33, quiet: bool = False) -> str:
    """Data that may be a string: printable bytes then only NULs print as a string."""
    if not data:
        return ""
    for i, b in enumerate(data):
        if _printable(b):
            continue
        if b == 0 and i > 0 and not any(data[i + 1:]):
            s = data[:i].decode("utf-8", "surrogateescape")
            return s if quiet else "  " + pf.pad_str(s, width, True)
        return hexdump(data)
    s = data.decode("utf-8", "surrogateescape")
    return "  " + pf.pad_str(s, width, True)


def trace_data(data: bytes, *, is_string: bool, quiet: bool = False) -> str:
    """trace() of a non-scalar record: strings print as text, anything else as a dump."""
    if is_string:
        return trace_str(data.split(b"\0", 1)[0].decode("utf-8", "surrogateescape"), quiet)
    return hexdump(data)


@dataclass
class FlowIndent:
    """-F (flowindent) state: entry probes indent the following lines, returns undo it."""

    indent: int = 0
    last_probe: int = -1
    last_stid: int = -1

    def line(self, cpu: int, probe_id: int, stid: int, provider: str, func: str, name: str,
             *, testing: bool = False) -> str:
        """The start of a firing's line in flowindent mode ("%3d %-41s ")."""
        syscall = provider == "syscall"
        flow = _flow_kind(name)
        if flow == "entry" and stid != self.last_stid and probe_id == self.last_probe:
            flow = ""  # same probe again from another clause: not a new call level
        if flow == "entry":
            prefix = " => " if syscall else " -> "
        elif flow == "return":
            prefix = " <= " if syscall else " <- "
            if self.indent > 0:
                self.indent -= 2
        else:
            prefix = "| "
        if flow:
            text = " " * self.indent + prefix + func
        else:
            text = " " * self.indent + prefix + f"{func}:{name}"
        if flow == "entry":
            self.indent += 2
        self.last_probe, self.last_stid = probe_id, stid
        return f"{text:<41s} " if testing else f"{cpu:3d} {text:<41s} "


def _flow_kind(name: str) -> str:
    # Only the first occurrence counts, and it must end the name and start it or
    # follow a '-' ("function-entry" yes, "gentry" no).
    for kind in ("entry", "return"):
        at = name.find(kind)
        if at >= 0 and at + len(kind) == len(name) and (at == 0 or name[at - 1] == "-"):
            return kind
    return ""
