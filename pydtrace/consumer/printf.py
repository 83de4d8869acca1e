"""DTrace's printf() format language: parse at compile time, render at run time.

Rules found in DTrace (dt_printf.c) and kept here:
- Conversions come from a fixed dictionary (``CONVERSIONS``); length modifiers are only
  h/l/ll/L/w as part of a name ("hd", "llx", ...).  ``hh``, ``z``, ``j``, ``t`` are undefined.
- A '0' seen before any digit sets zero-padding *and clears* '-'; '-' clears '0'.  '?' is width 16.
- At run time width comes from '*' (negative means left-justify) and precision is only
  applied when > 0, so "%.0s" prints the whole string and "%.0f" prints six decimals.
- Integers are printed at their argument's size: %x of an int -1 is ffffffff, of a long long
  ffffffffffffffff; %d of an unsigned type prints unsigned; %p is plain hex without "0x".
- %S / %C escape like C string literals (octal for other bytes); a %S string always ends in
  "\\0" because DTrace escapes the string's terminating NUL as well.
Strings are Python ``str`` holding bytes decoded as UTF-8 with ``surrogateescape``; widths
and precisions count bytes, as C does.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from pydtrace.errors import CompileError

# ---------------------------------------------------------------------------
# The conversion dictionary


class Check(Enum):
    """Which argument types a conversion accepts (DTrace's pfcheck_* functions)."""

    ADDR = "addr"  # pointer or integer
    KADDR = "kaddr"  # pointer, integer or kernel symbol address
    UADDR = "uaddr"  # user symbol address, or pointer/integer when $target is set
    STACK = "stack"
    TIME = "time"  # 64-bit integer
    STR = "str"  # string or char []
    WSTR = "wstr"  # wchar_t []
    CSI = "csi"  # integer no wider than int
    FP = "fp"
    XINT = "xint"  # any integer
    DINT = "dint"  # any integer; signedness picks %d or %u
    XSHORT = "xshort"
    XLONG = "xlong"
    XLONGLONG = "xlonglong"
    TYPE = "type"  # compatible with the named type in ``proto``


class Printer(Enum):
    """How a converted value is printed (DTrace's pfprint_* functions)."""

    SINT = "sint"
    UINT = "uint"
    DINT = "dint"
    FP = "fp"
    ADDR = "addr"
    UADDR = "uaddr"
    STACK = "stack"
    TIME = "time"
    TIME822 = "time822"
    CSTR = "cstr"
    WSTR = "wstr"
    ESTR = "estr"
    ECHR = "echr"
    PCT = "pct"


@dataclass(frozen=True)
class ConvSpec:
    """One entry of the dictionary: name as written, C conversion, prototype text."""

    name: str
    ofmt: str
    proto: str
    check: Check
    printer: Printer


_P_XINT = "char, short, int, long, or long long"
_P_CSI = "char, short, or int"
_P_FP = "float, double, or long double"
_P_ADDR = "pointer or integer"
_P_UADDR = "pointer or integer (with -p/-c) or _usymaddr (without -p/-c)"
_P_CSTR = "char [] or string (or use stringof)"
_P_WSTR = "wchar_t []"

_TABLE: tuple[tuple[str, str, str, Check, Printer], ...] = (
    ("a", "s", _P_ADDR, Check.KADDR, Printer.ADDR),
    ("A", "s", _P_UADDR, Check.UADDR, Printer.UADDR),
    ("c", "c", _P_CSI, Check.CSI, Printer.SINT),
    ("C", "s", _P_CSI, Check.CSI, Printer.ECHR),
    ("d", "d", _P_XINT, Check.DINT, Printer.DINT),
    ("e", "e", _P_FP, Check.FP, Printer.FP),
    ("E", "E", _P_FP, Check.FP, Printer.FP),
    ("f", "f", _P_FP, Check.FP, Printer.FP),
    ("g", "g", _P_FP, Check.FP, Printer.FP),
    ("G", "G", _P_FP, Check.FP, Printer.FP),
    ("hd", "d", "short", Check.TYPE, Printer.SINT),
    ("hi", "i", "short", Check.TYPE, Printer.SINT),
    ("ho", "o", "unsigned short", Check.TYPE, Printer.UINT),
    ("hu", "u", "unsigned short", Check.TYPE, Printer.UINT),
    ("hx", "x", "short", Check.XSHORT, Printer.UINT),
    ("hX", "X", "short", Check.XSHORT, Printer.UINT),
    ("i", "i", _P_XINT, Check.DINT, Printer.DINT),
    ("k", "s", "stack", Check.STACK, Printer.STACK),
    ("lc", "lc", "int", Check.TYPE, Printer.SINT),
    ("ld", "d", "long", Check.TYPE, Printer.SINT),
    ("li", "i", "long", Check.TYPE, Printer.SINT),
    ("lo", "o", "unsigned long", Check.TYPE, Printer.UINT),
    ("lu", "u", "unsigned long", Check.TYPE, Printer.UINT),
    ("ls", "ls", _P_WSTR, Check.WSTR, Printer.WSTR),
    ("lx", "x", "long", Check.XLONG, Printer.UINT),
    ("lX", "X", "long", Check.XLONG, Printer.UINT),
    ("lld", "d", "long long", Check.TYPE, Printer.SINT),
    ("lli", "i", "long long", Check.TYPE, Printer.SINT),
    ("llo", "o", "unsigned long long", Check.TYPE, Printer.UINT),
    ("llu", "u", "unsigned long long", Check.TYPE, Printer.UINT),
    ("llx", "x", "long long", Check.XLONGLONG, Printer.UINT),
    ("llX", "X", "long long", Check.XLONGLONG, Printer.UINT),
    ("Le", "e", "long double", Check.TYPE, Printer.FP),
    ("LE", "E", "long double", Check.TYPE, Printer.FP),
    ("Lf", "f", "long double", Check.TYPE, Printer.FP),
    ("Lg", "g", "long double", Check.TYPE, Printer.FP),
    ("LG", "G", "long double", Check.TYPE, Printer.FP),
    ("o", "o", _P_XINT, Check.XINT, Printer.UINT),
    ("p", "x", _P_ADDR, Check.ADDR, Printer.UINT),
    ("s", "s", _P_CSTR, Check.STR, Printer.CSTR),
    ("S", "s", _P_CSTR, Check.STR, Printer.ESTR),
    ("T", "s", "int64_t", Check.TIME, Printer.TIME822),
    ("u", "u", _P_XINT, Check.XINT, Printer.UINT),
    ("wc", "wc", "int", Check.TYPE, Printer.SINT),
    ("ws", "ws", _P_WSTR, Check.WSTR, Printer.WSTR),
    ("x", "x", _P_XINT, Check.XINT, Printer.UINT),
    ("X", "X", _P_XINT, Check.XINT, Printer.UINT),
    ("Y", "s", "int64_t", Check.TIME, Printer.TIME),
    ("%", "%", "void", Check.TYPE, Printer.PCT),
)

#: Every conversion DTrace's printf knows, by the name written after '%' and the flags.
CONVERSIONS: dict[str, ConvSpec] = {row[0]: ConvSpec(*row) for row in _TABLE}

# ---------------------------------------------------------------------------
# Parsed formats


@dataclass(frozen=True)
class Conversion:
    """One '%' directive with the literal text before it.

    A format's final literal text (after the last conversion) is an item with
    ``spec=None``.  ``number`` is DTrace's "conversion #N" (1-based, counting
    every '%', including "%%").
    """

    number: int
    prefix: str
    spec: ConvSpec | None
    alt: bool = False
    zpad: bool = False
    left: bool = False
    plus: bool = False
    space: bool = False
    group: bool = False
    agg: bool = False
    width: int = 0
    prec: int = 0
    dynwidth: bool = False
    dynprec: bool = False

    @property
    def consumes_value(self) -> bool:
        """True if the conversion takes a value argument (not %%, not %@)."""
        return self.spec is not None and self.spec.printer is not Printer.PCT and not self.agg


@dataclass(frozen=True)
class Format:
    """A compiled printf/printa format string."""

    source: str
    items: tuple[Conversion, ...]

    @property
    def conversions(self) -> tuple[Conversion, ...]:
        return tuple(c for c in self.items if c.spec is not None)

    @property
    def has_agg(self) -> bool:
        return any(c.agg for c in self.items)

    def slots(self) -> tuple[tuple[Conversion, str], ...]:
        """What each argument is for, in order: (conversion, "*" | ".*" | "value")."""
        out: list[tuple[Conversion, str]] = []
        for c in self.items:
            if c.spec is None or c.spec.printer is Printer.PCT:
                continue
            if c.dynwidth:
                out.append((c, "*"))
            if c.dynprec:
                out.append((c, ".*"))
            if not c.agg:
                out.append((c, "value"))
        return tuple(out)

    @property
    def nargs(self) -> int:
        return len(self.slots())


def _syntax(msg: str) -> CompileError:
    return CompileError(msg, "D_SYNTAX")


def parse_format(fmt: str) -> Format:
    """Parse a format string the way dt_printf_create() does; raise D_SYNTAX errors."""
    items: list[Conversion] = []
    q = 0
    n = len(fmt)
    number = 0
    while True:
        p = fmt.find("%", q)
        if p < 0:
            break
        number += 1
        prefix = fmt[q:p]
        f = {"alt": False, "zpad": False, "left": False, "plus": False, "space": False,
             "group": False, "agg": False, "dynwidth": False, "dynprec": False}
        width = prec = 0
        dot = digits = 0
        name = ""
        while True:
            p += 1
            c = fmt[p] if p < n else ""
            if c.isdigit() and c.isascii():
                if dot == 0 and digits == 0 and c == "0":
                    f["zpad"] = True
                    f["left"] = False
                    continue
                v = 0
                while p < n and fmt[p].isascii() and fmt[p].isdigit():
                    v = v * 10 + ord(fmt[p]) - 48
                    p += 1
                p -= 1
                if dot:
                    prec = v
                else:
                    width = v
                digits += 1
            elif c == "#":
                f["alt"] = True
            elif c == "*":
                key = "dynprec" if dot else "dynwidth"
                if f[key]:
                    what = "precision" if dot else "width"
                    raise _syntax(f"format conversion #{number} has more than one '*' "
                                  f"specified for the output {what}")
                f[key] = True
            elif c == "+":
                f["plus"] = True
            elif c == "-":
                f["left"] = True
                f["zpad"] = False
            elif c == ".":
                if dot:
                    raise _syntax(f"format conversion #{number} has more than one '.' specified")
                dot = 1
                digits = 0
            elif c == "?":
                width = 16  # LP64
            elif c == "@":
                f["agg"] = True
            elif c == "'":
                f["group"] = True
            elif c == " ":
                f["space"] = True
            elif c == "$":
                raise _syntax(f"format conversion #{number} uses unsupported positional "
                              "format (%n$)")
            elif c == "%" and fmt[p - 1] != "%":
                raise _syntax(f"format conversion #{number} cannot be combined with other "
                              "format flags: %%")
            elif c == "":
                raise _syntax(f"format conversion #{number} name expected before end of "
                              "format string")
            elif c in "hlLw":
                if len(name) < 6:
                    name += c
            else:
                name += c
                break
        spec = CONVERSIONS.get(name)
        if spec is None:
            raise _syntax(f"format conversion #{number} is undefined: %{name}")
        items.append(Conversion(number, prefix, spec, width=width, prec=prec, **f))
        q = p + 1
    if q < n or n == 0:
        items.append(Conversion(number + 1, fmt[q:], None))
    return Format(fmt, tuple(items))


# ---------------------------------------------------------------------------
# Argument shapes (checked by pydtrace.consumer.printf_check at compile time)


@dataclass(frozen=True)
class ArgSpec:
    """Run-time shape of a value: size in bytes and signedness for integers."""

    size: int = 8
    signed: bool = True


# ---------------------------------------------------------------------------
# Run-time values and helpers


@dataclass(frozen=True)
class IntArg:
    """An integer value with the size and signedness of its D type."""

    value: int
    size: int = 8
    signed: bool = True


@dataclass(frozen=True)
class UAddr:
    """A user address with the process it belongs to (for %A)."""

    pid: int
    addr: int


class Symbols(Protocol):
    """Symbol lookups the consumer provides for %a, %A (and nothing else here)."""

    def addr2str(self, addr: int) -> str: ...

    def uaddr2str(self, pid: int, addr: int) -> str: ...


def to_signed(v: int, size: int) -> int:
    bits = size * 8
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def to_unsigned(v: int, size: int) -> int:
    return v & ((1 << (size * 8)) - 1)


def pad_str(s: str, width: int, left: bool, prec: int = 0) -> str:
    """C's %s: precision truncates and width pads, both counted in bytes."""
    if s.isascii():
        if prec > 0:
            s = s[:prec]
        n = len(s)
    else:
        b = s.encode("utf-8", "surrogateescape")
        if prec > 0:
            b = b[:prec]
            s = b.decode("utf-8", "surrogateescape")
        n = len(b)
    if n >= width:
        return s
    return s + " " * (width - n) if left else " " * (width - n) + s


def escape_str(s: str) -> str:
    """strchr2esc(): C escapes, octal for bytes outside '!'..'~' (space stays)."""
    out: list[str] = []
    for b in s.encode("utf-8", "surrogateescape"):
        e = _ESC.get(b)
        if e is not None:
            out.append(e)
        elif b == 32 or 33 <= b <= 126:
            out.append(chr(b))
        else:
            out.append(f"\\{b:03o}")
    return "".join(out)


_ESC = {0: "\\0", 7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v",
        34: '\\"', 92: "\\\\"}

_MON = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAY = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def format_walltime(ns: int) -> str:
    """%Y: ctime(3) fields rearranged to "2003 Sep  3 10:23:41" (local time)."""
    return _walltime(to_unsigned(ns, 8) // 1_000_000_000)


@functools.lru_cache(maxsize=256)
def _walltime(sec: int) -> str:
    # Cached per second: consecutive records mostly share one.
    tm = time.localtime(sec)
    return (f"{tm.tm_year} {_MON[tm.tm_mon - 1]} {tm.tm_mday:2d} "
            f"{tm.tm_hour:02d}:{tm.tm_min:02d}:{tm.tm_sec:02d}")


def format_rfc822(ns: int) -> str:
    """%T: strftime "%a, %d %b %G %T %Z" -- %G is the ISO week-based year, as in DTrace."""
    import datetime  # rarely needed, and slow to import

    tm = time.localtime(to_unsigned(ns, 8) // 1_000_000_000)
    iso_year = datetime.date(tm.tm_year, tm.tm_mon, tm.tm_mday).isocalendar()[0]
    return (f"{_DAY[tm.tm_wday]}, {tm.tm_mday:02d} {_MON[tm.tm_mon - 1]} {iso_year} "
            f"{tm.tm_hour:02d}:{tm.tm_min:02d}:{tm.tm_sec:02d} {tm.tm_zone}")


def c_int(v: int, conv: str, *, alt: bool = False, zpad: bool = False, left: bool = False,
          plus: bool = False, space: bool = False, width: int = 0, prec: int = 0) -> str:
    """C printf of an integer already in range (negative only for d/i).

    ``prec`` < 0 means "no precision"; 0 is an explicit ".0" (prints nothing for 0).
    """
    neg = v < 0
    a = -v if neg else v
    if conv in "di":
        digits = str(a)
        sign = "-" if neg else ("+" if plus else (" " if space else ""))
    else:
        digits = format(a, "d" if conv == "u" else conv)
        sign = ""
    if prec == 0 and a == 0:
        digits = ""
    if prec > len(digits):
        digits = "0" * (prec - len(digits)) + digits
    prefix = ""
    if alt:
        if conv == "o" and not digits.startswith("0"):
            digits = "0" + digits
        elif conv in "xX" and a != 0:
            prefix = "0x" if conv == "x" else "0X"
    body = sign + prefix + digits
    if len(body) >= width:
        return body
    if left:
        return body + " " * (width - len(body))
    if zpad and prec < 0:
        return sign + prefix + "0" * (width - len(body)) + digits
    return " " * (width - len(body)) + body


def c_float(v: float, conv: str, *, alt: bool = False, zpad: bool = False, left: bool = False,
            plus: bool = False, space: bool = False, width: int = 0, prec: int = -1) -> str:
    """C printf of a double; Python's % agrees except that C never zero-pads inf/nan."""
    flags = ("#" if alt else "") + ("-" if left else "") + ("+" if plus else "") + \
        (" " if space else "")
    if zpad and not left and math.isfinite(v):
        flags += "0"
    spec = "%" + flags + (str(width) if width else "") + \
        ("." + str(prec) if prec >= 0 else "") + conv
    return spec % v


# ---------------------------------------------------------------------------
# Rendering


def _norm_int(value: object, spec: ArgSpec, signed: bool) -> int:
    v = value.value if isinstance(value, IntArg) else int(value)  # type: ignore[call-overload]
    return to_signed(v, spec.size) if signed else to_unsigned(v, spec.size)


def _int_signed(c: Conversion, spec: ArgSpec) -> bool:
    assert c.spec is not None
    p = c.spec.printer
    return p is Printer.SINT or (p is Printer.DINT and spec.signed)


def format_one(c: Conversion, spec: ArgSpec, value: object, width: int, prec: int,
               symbols: Symbols | None = None) -> str:
    """Format one conversion's value with a run-time width and precision (DTrace rules)."""
    assert c.spec is not None
    p = c.spec.printer
    if p is Printer.STACK:
        # Left-justified ("%-20k") turns the width into the frames' indentation.
        if width < 0:
            return format_stack(value, -width, -width, True, prec)  # type: ignore[arg-type]
        if c.left:
            return format_stack(value, width, 0, True, prec)  # type: ignore[arg-type]
        return format_stack(value, 0, width, False, prec)  # type: ignore[arg-type]
    left = c.left or width < 0
    width = abs(width)
    ofmt = c.spec.ofmt
    if p in (Printer.SINT, Printer.UINT, Printer.DINT):
        # Sub-int values are promoted to int in C; only 8-byte values keep 64 bits.
        signed = _int_signed(c, spec)
        v = _norm_int(value, spec, signed)
        if ofmt in ("c", "lc", "wc"):
            ch = chr(v & 0xFF) if ofmt == "c" else chr(v) if 0 <= v < 0x110000 else ""
            if ofmt == "c" and v & 0x80:
                ch = bytes([v & 0xFF]).decode("utf-8", "surrogateescape")
            return pad_str(ch, width, left)
        conv = "u" if ofmt in "di" and not signed else ofmt
        return c_int(v, conv, alt=c.alt, zpad=c.zpad, left=left, plus=c.plus,
                     space=c.space, width=width, prec=prec if prec > 0 else -1)
    if p is Printer.FP:
        return c_float(float(value), ofmt, alt=c.alt, zpad=c.zpad,  # type: ignore[arg-type]
                       left=left, plus=c.plus, space=c.space, width=width,
                       prec=prec if prec > 0 else -1)
    if p is Printer.PCT:
        return "%"
    if p is Printer.ADDR:
        a = _norm_int(value, spec, False)
        s = symbols.addr2str(a) if symbols is not None else f"0x{a:x}"
    elif p is Printer.UADDR:
        if isinstance(value, UAddr):
            pid, a = value.pid, value.addr
        else:
            pid, a = 0, _norm_int(value, spec, False)
        s = symbols.uaddr2str(pid, a) if symbols is not None and pid else f"0x{a:x}"
    elif p is Printer.TIME:
        s = format_walltime(_norm_int(value, spec, False))
    elif p is Printer.TIME822:
        s = format_rfc822(_norm_int(value, spec, False))
    elif p is Printer.ESTR:
        s = escape_str(_as_str(value)) + "\\0"
    elif p is Printer.ECHR:
        s = escape_str(bytes([_norm_int(value, spec, True) & 0xFF]).decode(
            "utf-8", "surrogateescape"))
    else:  # CSTR, WSTR
        s = _as_str(value)
    return pad_str(s, width, left, prec)


def format_stack(frames: Sequence[str], indent: int, width: int = 0, left: bool = False,
                 prec: int = 0) -> str:
    """A stack as DTrace prints it: a newline, then one indented line per frame.

    ``frames`` are already symbolized ("vmlinux`do_sys_open+0x1c").  printf's %k
    uses indentation 0 (or the width, when left-justified); stack() in trace
    output uses the stackindent option (14 by default).
    """
    lines = ["\n"]
    pad = " " * indent
    for fr in frames:
        lines.append(pad + pad_str(fr, width, left, prec) + "\n")
    return "".join(lines)


def _as_str(value: object) -> str:
    if isinstance(value, bytes):
        value = value.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
    return str(value)


#: A bound renderer: values in ``Format.slots()`` order -> output text.
Renderer = Callable[[Sequence[object]], str]


def _static_piece(c: Conversion, spec: ArgSpec) -> tuple[str, Callable[[object], object] | None] | None:
    """Python %-spec and converter equal to DTrace's output, or None if none exists."""
    assert c.spec is not None
    p = c.spec.printer
    w = str(c.width) if c.width else ""
    pr = "." + str(c.prec) if c.prec > 0 else ""
    left = "-" if c.left else ""
    if p in (Printer.SINT, Printer.UINT, Printer.DINT):
        ofmt = c.spec.ofmt
        if ofmt not in ("d", "i", "u", "o", "x", "X") or c.alt or (c.zpad and c.prec > 0):
            return None
        signed = _int_signed(c, spec)
        conv = ofmt if ofmt in "oxX" else "d"
        sign = ("+" if c.plus else " " if c.space else "") if signed and ofmt in "di" else ""
        zero = "0" if c.zpad and not c.left else ""
        # Values arrive in range for their own type; only a change of view needs work.
        if signed == spec.signed:
            cv: Callable[[object], object] | None = None
        elif signed:
            size = spec.size
            cv = lambda v: to_signed(v, size)  # noqa: E731
        else:
            mask = (1 << (spec.size * 8)) - 1
            cv = lambda v: v & mask  # type: ignore[operator]  # noqa: E731
        return "%" + left + sign + zero + w + pr + conv, cv
    if p in (Printer.CSTR, Printer.WSTR):
        if c.width or c.prec > 0:
            width, prec, lft = c.width, c.prec, c.left
            return "%s", lambda v: pad_str(v, width, lft, prec)  # type: ignore[arg-type]
        return "%s", None  # bound renderers take str values for strings
    if p is Printer.FP and not c.zpad:
        flags = ("#" if c.alt else "") + left + ("+" if c.plus else " " if c.space else "")
        return "%" + flags + w + pr + c.spec.ofmt, None
    return None


def _dyn_piece(c: Conversion, specs: Sequence[ArgSpec]
               ) -> tuple[str, list[Callable[[object], object] | None]] | None:
    """Like _static_piece for '*' widths/precisions, using Python's own '*' (ints, floats).

    DTrace reads '*' values as C ints and ignores precisions <= 0, so those become the
    precision that changes nothing (1 for integers, 6 for floating point).
    """
    assert c.spec is not None
    p = c.spec.printer
    int_conv = p in (Printer.SINT, Printer.UINT, Printer.DINT)
    if int_conv:
        if c.spec.ofmt not in ("d", "i", "u", "o", "x", "X") or c.alt or (c.zpad and c.dynprec):
            return None
    elif p is not Printer.FP or c.zpad:
        return None
    flat = Conversion(c.number, "", c.spec, alt=c.alt, zpad=c.zpad, left=c.left, plus=c.plus,
                      space=c.space, group=c.group, width=0 if c.dynwidth else c.width,
                      prec=0 if c.dynprec else c.prec)
    piece = _static_piece(flat, specs[-1])
    if piece is None:
        return None
    pyspec, vconv = piece
    head = pyspec[:-1]
    if c.dynprec:
        head += ".*"
    if c.dynwidth:
        # The flattened spec has no width digits: the '*' goes after the flags.
        i = len(head) - (2 if c.dynprec else 0)
        head = head[:i] + "*" + head[i:]
    convs: list[Callable[[object], object] | None] = []
    k = 0
    absent = 1 if int_conv else 6
    if c.dynwidth:
        convs.append(None if specs[k] == ArgSpec(4, True) else _as_c_int)
        k += 1
    if c.dynprec:
        convs.append(lambda v, a=absent: v if 0 < v <= 0x7FFFFFFF else (  # type: ignore[operator]
            to_signed(v, 4) if to_signed(v, 4) > 0 else a))  # type: ignore[arg-type]
        k += 1
    convs.append(vconv)
    return head + pyspec[-1], convs


def _as_c_int(v: object) -> int:
    return to_signed(v, 4)  # type: ignore[arg-type]


def bind(fmt: Format, specs: Sequence[ArgSpec] | None = None,
         symbols: Symbols | None = None) -> Renderer:
    """Precompile ``fmt`` for arguments of the given shapes into a fast renderer.

    ``specs`` gives one ArgSpec per slot (default: 64-bit signed).  When every
    conversion maps onto Python's % operator, rendering a record is a single %
    operation over the (converted) values.  Aggregation (%@) conversions are not
    handled here: printa() formats go through :mod:`pydtrace.consumer.aggfmt`.
    """
    slots = fmt.slots()
    if specs is None:
        specs = [ArgSpec()] * len(slots)
    if len(specs) != len(slots):
        raise ValueError(f"format needs {len(slots)} arguments, got {len(specs)} specs")
    parts: list[str] = []
    convs: list[Callable[[object], object] | None] = []
    simple = True
    k = 0
    for c in fmt.items:
        parts.append(c.prefix.replace("%", "%%"))
        if c.spec is None:
            continue
        if c.spec.printer is Printer.PCT:
            parts.append("%%")
            continue
        if c.agg:
            simple = False
            break
        if c.dynwidth or c.dynprec:
            n = 1 + c.dynwidth + c.dynprec
            dyn = _dyn_piece(c, specs[k:k + n])
            if dyn is None:
                simple = False
                break
            parts.append(dyn[0])
            convs.extend(dyn[1])
            k += n
            continue
        piece = _static_piece(c, specs[k])
        if piece is None:
            cc, sp = c, specs[k]
            parts.append("%s")
            convs.append(lambda v, cc=cc, sp=sp: format_one(cc, sp, v, cc.width, cc.prec,
                                                             symbols))
        else:
            parts.append(piece[0])
            convs.append(piece[1])
        k += 1
    if not simple:
        return _slow_renderer(fmt, specs, symbols)
    pyfmt = "".join(parts)
    if not convs:
        text = pyfmt % ()
        return lambda vals: text
    if all(cv is None for cv in convs):
        return lambda vals: pyfmt % tuple(vals)
    pairs = list(enumerate(convs))
    active = [(i, cv) for i, cv in pairs if cv is not None]

    def render(vals: Sequence[object]) -> str:
        out = list(vals)
        for i, cv in active:
            out[i] = cv(out[i])
        return pyfmt % tuple(out)

    return render


def _slow_renderer(fmt: Format, specs: Sequence[ArgSpec], symbols: Symbols | None) -> Renderer:
    items = fmt.items

    def render(vals: Sequence[object]) -> str:
        out: list[str] = []
        k = 0
        for c in items:
            out.append(c.prefix)
            if c.spec is None:
                continue
            if c.spec.printer is Printer.PCT:
                out.append("%")
                continue
            width, prec = c.width, c.prec
            if c.dynwidth:
                width = to_signed(int(vals[k]), 4)  # type: ignore[call-overload]
                k += 1
            if c.dynprec:
                prec = to_signed(int(vals[k]), 4)  # type: ignore[call-overload]
                k += 1
            if c.agg:
                raise ValueError("%@ conversions need printa (aggfmt)")
            out.append(format_one(c, specs[k], vals[k], width, prec, symbols))
            k += 1
        return "".join(out)

    return render


_BOUND: dict[tuple[int, tuple[ArgSpec, ...]], tuple[Format, Renderer]] = {}


def render(fmt: Format, args: Sequence[object], symbols: Symbols | None = None) -> str:
    """Render with shapes taken from the values: IntArg carries size/sign, int is int64."""
    specs = tuple(ArgSpec(a.size, a.signed) if isinstance(a, IntArg) else _DEFAULT
                  for a in args)
    key = (id(fmt), specs)
    hit = _BOUND.get(key) if symbols is None else None
    if hit is None or hit[0] is not fmt:
        r = bind(fmt, specs, symbols)
        if symbols is None:
            _BOUND[key] = (fmt, r)
    else:
        r = hit[1]
    return r([_norm_arg(a) for a in args])


def _norm_arg(a: object) -> object:
    # Bound renderers expect integers in range for their type and strings as str.
    if isinstance(a, IntArg):
        return to_signed(a.value, a.size) if a.signed else to_unsigned(a.value, a.size)
    if isinstance(a, bytes):
        return _as_str(a)
    return a


_DEFAULT = ArgSpec()
