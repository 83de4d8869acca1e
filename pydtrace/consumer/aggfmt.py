"""Aggregation output: default lines, histograms, printa() formats, sort order, bucketing.

Rules found in DTrace (dt_consume.c, dt_aggregate.c) and kept here:
- A default line is the keys then the value(s) then "\\n".  Keys: string "  %-50s", integers
  by size " %3d"/" %5d"/" %8d"/" %16lld" (1- and 2-byte keys print unsigned, 4-byte signed);
  values " %16lld" (avg signed, stddev " %16llu"); printa(@) without a format adds a "\\n" first.
- Histograms start with "\\n" and a header, print from one bucket below the first non-zero
  bucket to one above the last, with 40-column '@' bars (20+20 around '|' when there are
  negative counts); lquantize has "< base" and ">= limit" rows; llquantize labels come from
  its log/linear layout.  Order: by variable id, then value, then key; keys compare unsigned.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from pydtrace.consumer import printf as pf

if TYPE_CHECKING:
    from fractions import Fraction

_U64 = (1 << 64) - 1

# ---------------------------------------------------------------------------
# Data model


class AggFunc(Enum):
    COUNT = "count"
    SUM = "sum"
    AVG = "avg"
    MIN = "min"
    MAX = "max"
    STDDEV = "stddev"
    QUANTIZE = "quantize"
    LQUANTIZE = "lquantize"
    LLQUANTIZE = "llquantize"


@dataclass(frozen=True)
class AggKind:
    """An aggregating function with its parameters.

    lquantize: ``base``, ``limit``, ``step``.  llquantize: ``factor``, ``low``
    (lmag), ``high`` (hmag), ``nsteps``.
    """

    func: AggFunc
    base: int = 0
    limit: int = 0
    step: int = 1
    factor: int = 0
    low: int = 0
    high: int = 0
    nsteps: int = 0

    @staticmethod
    def lquantize(base: int, limit: int, step: int = 1) -> AggKind:
        return AggKind(AggFunc.LQUANTIZE, base=base, limit=limit, step=step)

    @staticmethod
    def llquantize(factor: int, low: int, high: int, nsteps: int) -> AggKind:
        return AggKind(AggFunc.LLQUANTIZE, factor=factor, low=low, high=high, nsteps=nsteps)

    @property
    def levels(self) -> int:
        """lquantize: number of linear levels between base and limit."""
        return (self.limit - self.base) // self.step

    @property
    def nbuckets(self) -> int:
        """How many counters a histogram of this kind keeps (0 for scalars)."""
        if self.func is AggFunc.QUANTIZE:
            return QUANTIZE_NBUCKETS
        if self.func is AggFunc.LQUANTIZE:
            return self.levels + 2
        if self.func is AggFunc.LLQUANTIZE:
            per = self.nsteps - self.nsteps // self.factor
            return (self.high - self.low + 1) * per * 2 + 3
        return 0

    @property
    def is_histogram(self) -> bool:
        return self.nbuckets > 0

    def zero(self) -> AggValue:
        """The value of a key this aggregation never saw (joined printa)."""
        if self.is_histogram:
            return (0,) * self.nbuckets
        if self.func is AggFunc.AVG:
            return (0, 0)
        if self.func is AggFunc.STDDEV:
            return (0, 0, 0)
        return 0


#: int (count/sum/min/max), (count, total) for avg, (count, total, sum of squares) for
#: stddev, bucket counts for the quantizations.
AggValue = int | tuple[int, ...]


class KeyKind(Enum):
    INT = "int"
    STRING = "string"
    STACK = "stack"  # stack() / ustack(): value is a Stack
    SYMBOL = "symbol"  # sym/mod/usym/umod/uaddr: value is a Symbol


@dataclass(frozen=True)
class KeyType:
    kind: KeyKind = KeyKind.INT
    size: int = 8
    signed: bool = True


@dataclass(frozen=True)
class Stack:
    """A stack key: raw PCs (what DTrace sorts by) and their symbolized frames."""

    pcs: tuple[int, ...]
    frames: tuple[str, ...]


@dataclass(frozen=True)
class Symbol:
    """A symbol key: raw words (sorted on) and the text DTrace prints."""

    raw: tuple[int, ...]
    text: str


@dataclass(frozen=True)
class AggDesc:
    """One aggregation variable: name, id (declaration order), kind and key types."""

    name: str
    varid: int
    kind: AggKind
    keys: tuple[KeyType, ...] = ()
    normal: int = 1


@dataclass(frozen=True)
class AggRow:
    keys: tuple[object, ...]
    value: AggValue
    #: under -x aggpercpu: (cpu, that CPU's value) for every CPU
    per_cpu: tuple[tuple[int, AggValue], ...] = ()


@dataclass(frozen=True)
class SortOptions:
    """The aggsort* options (aggsortpos only matters for multi-aggregation printa)."""

    aggsortkey: bool = False
    aggsortrev: bool = False
    aggsortkeypos: int = 0
    aggsortpos: int = 0


@dataclass(frozen=True)
class Agg:
    """An aggregation's snapshot: its description and rows (in any order)."""

    desc: AggDesc
    rows: Sequence[AggRow] = field(default_factory=tuple)


# ---------------------------------------------------------------------------
# Bucketing (what the BPF side must compute too)

QUANTIZE_ZEROBUCKET = 63
QUANTIZE_NBUCKETS = 127


def quantize_bucket(v: int) -> int:
    """Bucket of a power-of-two histogram: 63 for 0, 63 +/- (bit length of |v|)."""
    v = pf.to_signed(v, 8)
    if v == 0:
        return QUANTIZE_ZEROBUCKET
    off = min(abs(v).bit_length(), 63)
    return QUANTIZE_ZEROBUCKET - off if v < 0 else QUANTIZE_ZEROBUCKET + off


def quantize_bucket_value(b: int) -> int:
    """The lower bound printed for bucket ``b`` (-2^62 .. -1, 0, 1 .. 2^62)."""
    if b < QUANTIZE_ZEROBUCKET:
        return -(1 << (QUANTIZE_ZEROBUCKET - 1 - b))
    if b == QUANTIZE_ZEROBUCKET:
        return 0
    return 1 << (b - QUANTIZE_ZEROBUCKET - 1)


def lquantize_bucket(v: int, base: int, limit: int, step: int) -> int:
    """0 below base, 1 + (v - base) / step inside, levels + 1 at or above the limit."""
    levels = (limit - base) // step
    if v < base:
        return 0
    return min((v - base) // step, levels) + 1


def llquantize_bucket(v: int, factor: int, low: int, high: int, nsteps: int) -> int:
    """Bucket of a log-linear histogram; the underflow bucket |v| < factor^low is central."""
    sf = nsteps // factor
    per = nsteps - sf
    under = 1 + (high - low + 1) * per
    tmp = abs(pf.to_signed(v, 8))
    bound = factor ** low
    if tmp < bound:
        return under
    mag, ind = low, 0
    while True:
        bound *= factor
        if tmp < bound:
            ind = (tmp // (bound // nsteps) if mag != 0 else tmp * nsteps // bound) - sf
            break
        mag += 1
        if mag > high:
            break
    off = (mag - low) * per + ind + 1
    return under - off if v < 0 else under + off


def bucket(kind: AggKind, v: int) -> int:
    if kind.func is AggFunc.QUANTIZE:
        return quantize_bucket(v)
    if kind.func is AggFunc.LQUANTIZE:
        return lquantize_bucket(v, kind.base, kind.limit, kind.step)
    if kind.func is AggFunc.LLQUANTIZE:
        return llquantize_bucket(v, kind.factor, kind.low, kind.high, kind.nsteps)
    raise ValueError(f"{kind.func.value}() has no buckets")


# ---------------------------------------------------------------------------
# Arithmetic as DTrace does it


def c_div(a: int, b: int) -> int:
    """C integer division (truncates toward zero)."""
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def avg_value(count: int, total: int, normal: int = 1) -> int:
    """avg() as printed by default: signed total / normal / count."""
    if count == 0:
        return 0
    return c_div(c_div(pf.to_signed(total, 8), normal), pf.to_signed(count, 8))


def stddev_value(count: int, total: int, sumsq: int, normal: int = 1) -> int:
    """stddev(): isqrt(sumsq/normal/count - (total/normal/count)^2), 128-bit unsigned."""
    if count == 0:
        return 0
    avg_sq = sumsq // normal // (count & _U64)
    mean = abs(c_div(c_div(pf.to_signed(total, 8), normal), pf.to_signed(count, 8)))
    diff = (avg_sq - mean * mean) % (1 << 128)  # wraps like the 128-bit subtraction
    return math.isqrt(diff)


def _scalar(v: int, normal: int) -> int:
    """count/sum/min/max for " %16lld": DTrace divides unsigned by the normal."""
    return pf.to_signed((v & _U64) // normal, 8)


# ---------------------------------------------------------------------------
# Histograms


_HEADER = f"\n{'value':>16s} {'------------- Distribution -------------':>41s} {'count':<9s}\n"


def _bar(val: int, normal: int, total: int, pos: bool, neg: bool) -> str:
    count = _scalar(val, normal)
    width = 40 if not (pos and neg) else 20
    depth = 0
    if total and (neg or pos):
        depth = (2 * abs(val) * width + total) // (2 * total)  # (|v| * width / total + .5)
    if not neg:
        return f"|{'@' * depth}{' ' * (40 - depth)} {count:<9d}\n"
    if not pos:
        return f"{' ' * (40 - depth)}{'@' * depth}| {count:<9d}\n"
    if val <= 0:
        return f"{' ' * (20 - depth)}{'@' * depth}|{' ' * 20} {count:<9d}\n"
    return f"{' ' * 20}|{'@' * depth}{' ' * (20 - depth)} {count:<9d}\n"


def _rows(labels: Sequence[tuple[int, str]], data: Sequence[int], normal: int) -> str:
    vals = [pf.to_signed(data[i], 8) for i, _ in labels]
    pos = any(v > 0 for v in vals)
    neg = any(v < 0 for v in vals)
    total = sum(abs(v) for v in vals)
    out = [_HEADER]
    for (_i, label), v in zip(labels, vals, strict=True):
        out.append(f"{label:>16s} " + _bar(v, normal, total, pos, neg))
    return "".join(out)


def _span(data: Sequence[int], empty: tuple[int, int]) -> tuple[int, int]:
    """First and last bucket to print: one around the non-zero ones."""
    nz = [i for i, v in enumerate(data) if v]
    if not nz:
        return empty
    return max(nz[0] - 1, 0), min(nz[-1] + 1, len(data) - 1)


def format_quantize(data: Sequence[int], normal: int = 1) -> str:
    first, last = _span(data, (QUANTIZE_ZEROBUCKET - 1, QUANTIZE_ZEROBUCKET + 1))
    labels = [(i, str(quantize_bucket_value(i))) for i in range(first, last + 1)]
    return _rows(labels, data, normal)


def format_lquantize(data: Sequence[int], base: int, limit: int, step: int,
                     normal: int = 1) -> str:
    levels = (limit - base) // step
    first, last = _span(data, (0, 2))
    labels: list[tuple[int, str]] = []
    for i in range(first, last + 1):
        if i == 0:
            labels.append((i, f"< {base}"))
        elif i == levels + 1:
            labels.append((i, f">= {base + levels * step}"))
        else:
            labels.append((i, str(base + (i - 1) * step)))
    return _rows(labels, data, normal)


def llquantize_labels(factor: int, low: int, high: int, nsteps: int,
                      first: int, last: int) -> dict[int, str]:
    """Row labels of a log-linear histogram for buckets first..last (some stay unlabeled).

    With low == 0 and nsteps > factor the first decade has fewer distinct buckets than
    labels; a bucket at either end of the range that got no label borrows the next
    label outward, as DTrace does ("ghost bins").
    """
    sf = nsteps // factor
    under = 1 + (high - low + 1) * (nsteps - sf)
    nbins = 2 * under + 1
    lab: dict[int, str] = {}
    scale = factor ** low
    if scale == 1:
        lab[under] = "0"
    elif first >= under:
        lab[under] = f"< {scale}"
    else:
        lab[under] = f"abs() < {scale}"
    lab[under - 1] = f"-{scale}"
    lab[under + 1] = f"{scale}"
    mag, i = low, 1
    ghosts = low == 0 and nsteps > factor
    if ghosts:
        for st in range(2, factor + 1):
            i += sf
            lab[under - i] = f"-{st}"
            lab[under + i] = f"{st}"
        mag += 1
    scale = factor ** (mag + 1) // nsteps
    while mag <= high:
        for st in range(sf + 1, nsteps + 1):
            i += 1
            lab[under - i] = f"-{st * scale}"
            lab[under + i] = f"{st * scale}"
        scale *= factor
        mag += 1
    top = factor ** (high + 1)
    lab[0] = f"<= -{top}"
    lab[nbins - 1] = f">= {top}"
    if ghosts:
        pad = sf
        for end, direction in ((first, -1), (last, 1)):
            if end not in lab:
                for k in range(1, pad):
                    if end + direction * k in lab:
                        lab[end] = lab[end + direction * k]
                        break
    return {b: t for b, t in lab.items() if first <= b <= last}


def format_llquantize(data: Sequence[int], factor: int, low: int, high: int, nsteps: int,
                      normal: int = 1) -> str:
    sf = nsteps // factor
    under = 1 + (high - low + 1) * (nsteps - sf)
    nz = [i for i, v in enumerate(data) if v]
    first, last = (nz[0], nz[-1]) if nz else (under + 1, under + 1)
    vals = [pf.to_signed(data[i], 8) for i in range(first, last + 1)]
    pos = any(v > 0 for v in vals)
    neg = any(v < 0 for v in vals)
    total = sum(abs(v) for v in vals)
    first = max(first - 1, 0)
    last = min(last + 1, len(data) - 1)
    lab = llquantize_labels(factor, low, high, nsteps, first, last)
    out = [_HEADER]
    for i in range(first, last + 1):
        if i in lab:
            v = pf.to_signed(data[i], 8)
            out.append(f"{lab[i]:>16s} " + _bar(v, normal, total, pos, neg))
    return "".join(out)


def format_histogram(kind: AggKind, data: Sequence[int], normal: int = 1) -> str:
    if kind.func is AggFunc.QUANTIZE:
        return format_quantize(data, normal)
    if kind.func is AggFunc.LQUANTIZE:
        return format_lquantize(data, kind.base, kind.limit, kind.step, normal)
    return format_llquantize(data, kind.factor, kind.low, kind.high, kind.nsteps, normal)


# ---------------------------------------------------------------------------
# Default (format-less) output


def format_key(kt: KeyType, key: object) -> str:
    if kt.kind is KeyKind.STRING:
        return "  " + pf.pad_str(str(key), 50, True)
    if kt.kind is KeyKind.STACK:
        assert isinstance(key, Stack)
        return pf.format_stack(key.frames, STACK_INDENT)
    if kt.kind is KeyKind.SYMBOL:
        assert isinstance(key, Symbol)
        return "  " + pf.pad_str(key.text, 50, True)
    v = int(key)  # type: ignore[call-overload]
    if kt.size == 8:
        return f" {pf.to_signed(v, 8):16d}"
    if kt.size == 4:
        return f" {pf.to_signed(v, 4):8d}"
    if kt.size == 2:
        return f" {pf.to_unsigned(v, 2):5d}"
    return f" {pf.to_unsigned(v, 1):3d}"


#: The stackindent default: frames of stack() keys are indented 14 columns.
STACK_INDENT = 14


def format_value(kind: AggKind, value: AggValue, normal: int = 1) -> str:
    """The value column(s) of a default aggregation line."""
    f = kind.func
    if kind.is_histogram:
        return format_histogram(kind, value, normal)  # type: ignore[arg-type]
    if f is AggFunc.AVG:
        cnt, tot = value  # type: ignore[misc]
        return f" {avg_value(cnt, tot, normal):16d}"
    if f is AggFunc.STDDEV:
        cnt, tot, sq = value  # type: ignore[misc]
        return f" {stddev_value(cnt, tot, sq, normal):16d}"
    return f" {_scalar(value, normal):16d}"  # type: ignore[arg-type]


def format_row(desc: AggDesc, row: AggRow) -> str:
    keys = "".join(format_key(kt, k) for kt, k in zip(desc.keys, row.keys, strict=True))
    cpus = "".join(f"\n    [CPU {cpu}]" + format_value(desc.kind, v, desc.normal)
                   for cpu, v in row.per_cpu)
    return keys + format_value(desc.kind, row.value, desc.normal) + cpus + "\n"


def format_aggregations(aggs: Sequence[Agg], opts: SortOptions = SortOptions()) -> str:
    """What dtrace prints for its aggregations at exit (all of them, sorted together)."""
    entries = [(a.desc, r) for a in aggs for r in a.rows]
    entries.sort(key=lambda e: _sort_key(e[0], e[1], opts), reverse=opts.aggsortrev)
    return "".join(format_row(d, r) for d, r in entries)


def format_printa(agg: Agg, opts: SortOptions = SortOptions()) -> str:
    """printa(@a) without a format: a blank line, then the sorted rows."""
    return "\n" + "".join(format_row(agg.desc, r) for r in sort_rows(agg, opts))


# ---------------------------------------------------------------------------
# Sorting


def _key_cmp_value(kt: KeyType, key: object) -> tuple[int, object]:
    if kt.kind is KeyKind.STRING:
        return (0, str(key).encode("utf-8", "surrogateescape"))
    if kt.kind is KeyKind.STACK:
        return (0, tuple(p & _U64 for p in key.pcs))  # type: ignore[attr-defined]
    if kt.kind is KeyKind.SYMBOL:
        return (0, tuple(p & _U64 for p in key.raw))  # type: ignore[attr-defined]
    return (kt.size, pf.to_unsigned(int(key), kt.size))  # type: ignore[call-overload]


def key_order(desc: AggDesc, keys: tuple[object, ...], keypos: int = 0) -> tuple[object, ...]:
    """Sort key for a key tuple: unsigned integers, bytewise strings, rotated by keypos."""
    parts = [_key_cmp_value(kt, k) for kt, k in zip(desc.keys, keys, strict=True)]
    n = len(parts)
    if keypos + 1 > n:
        keypos = 0
    return tuple(parts[keypos:] + parts[:keypos])


def value_order(kind: AggKind, value: AggValue) -> object:
    """What DTrace compares values by (a number; ties fall back to another number)."""
    f = kind.func
    if f is AggFunc.AVG:
        cnt, tot = value  # type: ignore[misc]
        return c_div(pf.to_signed(tot, 8), pf.to_signed(cnt, 8)) if cnt else 0
    if f is AggFunc.STDDEV:
        cnt, tot, sq = value  # type: ignore[misc]
        return stddev_value(cnt, tot, sq)
    if f is AggFunc.QUANTIZE:
        d = [pf.to_signed(x, 8) for x in value]  # type: ignore[union-attr]
        tot = sum(quantize_bucket_value(i) * c for i, c in enumerate(d))
        return (tot, d[QUANTIZE_ZEROBUCKET])
    if f is AggFunc.LQUANTIZE:
        return _lq_order(kind, [pf.to_signed(x, 8) for x in value])  # type: ignore[union-attr]
    if f is AggFunc.LLQUANTIZE:
        return _llq_order(kind, [pf.to_signed(x, 8) for x in value])  # type: ignore[union-attr]
    return pf.to_signed(value, 8)  # type: ignore[arg-type]


def _lq_order(kind: AggKind, d: list[int]) -> tuple[int, int]:
    base, step, levels = kind.base, kind.step, kind.levels
    total = d[0] * (base - 1)
    b = base
    for i in range(levels):
        total += d[i + 1] * b
        b += step
    total += d[levels + 1] * (b + 1)
    # The tie-breaker is the count at zero, looked for exactly as DTrace does.
    zero = 0
    if base - 1 == 0:
        zero = d[0]
    else:
        b = base
        for i in range(levels):
            if b == 0:
                zero = d[i + 1]
                break
            b += step
        else:
            if b + 1 == 0:
                zero = d[levels + 1]
    return (total, zero)


def _llq_order(kind: AggKind, d: list[int]) -> tuple[Fraction, int]:
    from fractions import Fraction  # only llquantize() needs it; slow to import

    factor, lmag, hmag, steps = kind.factor, kind.low, kind.high, kind.nsteps
    sf = steps // factor
    b0 = 1 + (hmag - lmag + 1) * (steps - sf)
    total = Fraction(factor) ** lmag * (d[b0 + 1] - d[b0 - 1])
    i = 1
    if lmag == 0 and steps > factor:
        for st in range(2, factor + 1):
            i += sf
            total += st * (d[b0 + i] - d[b0 - i])
        lmag = 1
    scale = Fraction(factor) ** (lmag + 1) / steps
    for _mag in range(lmag, hmag + 1):
        for st in range(sf + 1, steps + 1):
            i += 1
            total += st * scale * (d[b0 + i] - d[b0 - i])
        scale *= factor
    return (total, d[b0])


def _sort_key(desc: AggDesc, row: AggRow, opts: SortOptions) -> tuple[object, ...]:
    keys = key_order(desc, row.keys, opts.aggsortkeypos)
    if opts.aggsortkey:
        return (desc.varid, keys)
    return (desc.varid, value_order(desc.kind, row.value), keys)


def sort_rows(agg: Agg, opts: SortOptions = SortOptions()) -> list[AggRow]:
    """Rows in DTrace's order: by value then key, or by key (aggsortkey); aggsortrev flips."""
    return sorted(agg.rows, key=lambda r: _sort_key(agg.desc, r, opts),
                  reverse=opts.aggsortrev)


def join_rows(aggs: Sequence[Agg], opts: SortOptions = SortOptions()
              ) -> list[tuple[tuple[object, ...], tuple[AggValue, ...]]]:
    """printa(@a, @b, ...): one line per key seen in any of them, values in argument order.

    Missing values are zero.  Sorted by the values starting at aggregation number
    ``aggsortpos``, then by key (aggsortkey puts the key first).
    """
    n = len(aggs)
    pos = opts.aggsortpos if 0 <= opts.aggsortpos < n else 0
    desc0 = aggs[0].desc
    table: dict[tuple[object, ...], list[AggValue | None]] = {}
    for j, a in enumerate(aggs):
        for r in a.rows:
            table.setdefault(r.keys, [None] * n)[j] = r.value
    bundles = [(k, tuple(v if v is not None else aggs[j].desc.kind.zero()
                         for j, v in enumerate(vals))) for k, vals in table.items()]

    def order(b: tuple[tuple[object, ...], tuple[AggValue, ...]]) -> tuple[object, ...]:
        vals = tuple(value_order(aggs[(j + pos) % n].desc.kind, b[1][(j + pos) % n])
                     for j in range(n))
        keys = key_order(desc0, b[0], opts.aggsortkeypos)
        return (keys, vals) if opts.aggsortkey else (vals, keys)

    bundles.sort(key=order, reverse=opts.aggsortrev)
    return bundles


def format_printa_joined(aggs: Sequence[Agg], opts: SortOptions = SortOptions()) -> str:
    """printa(@a, @b) without a format: keys, then each value, one line per key."""
    desc0 = aggs[0].desc
    out = ["\n"]
    for keys, vals in join_rows(aggs, opts):
        line = "".join(format_key(kt, k) for kt, k in zip(desc0.keys, keys, strict=True))
        for a, v in zip(aggs, vals, strict=True):
            line += format_value(a.desc.kind, v, a.desc.normal)
        out.append(line + "\n")
    return "".join(out)


# ---------------------------------------------------------------------------
# printa() with a format


def _agg_conv_text(c: pf.Conversion, desc: AggDesc, value: AggValue, width: int,
                   prec: int) -> str:
    """A %@ conversion: histograms ignore the conversion; others print the result."""
    kind, normal = desc.kind, desc.normal
    if kind.is_histogram:
        return format_histogram(kind, value, normal)  # type: ignore[arg-type]
    f = kind.func
    if f is AggFunc.AVG:
        # printa divides avg() unsigned (its data is read as uint64_t), unlike the
        # default output; keep that, negative averages included.
        cnt, tot = value  # type: ignore[misc]
        v = ((tot & _U64) // normal // (cnt & _U64)) if cnt else 0
        spec = pf.ArgSpec(8, False)
    elif f is AggFunc.STDDEV:
        cnt, tot, sq = value  # type: ignore[misc]
        v, spec = stddev_value(cnt, tot, sq, normal), pf.ArgSpec(8, False)
    else:
        # count() is uint64_t, the others int64_t; the normal divides in that type.
        signed = f is not AggFunc.COUNT
        spec = pf.ArgSpec(8, signed)
        if signed and c.spec is not None and c.spec.printer is not pf.Printer.UINT:
            v = c_div(pf.to_signed(value, 8), normal)  # type: ignore[arg-type]
        else:
            v = (value & _U64) // normal  # type: ignore[operator]
    return pf.format_one(c, spec, v, width, prec)


def format_printa_row(fmt: pf.Format, aggs: Sequence[AggDesc], keys: tuple[object, ...],
                      values: Sequence[AggValue], symbols: pf.Symbols | None = None) -> str:
    """One row of printa("fmt", @a[, @b...]): keys feed the conversions in order, the
    n-th %@ takes the n-th aggregation's value (and the last one after that)."""
    out: list[str] = []
    desc0 = aggs[0]
    ki = 0
    ai = 0
    for c in fmt.items:
        out.append(c.prefix)
        if c.spec is None:
            continue
        if c.spec.printer is pf.Printer.PCT:
            out.append("%")
            continue
        width, prec = c.width, c.prec
        if c.dynwidth:
            width = pf.to_signed(_key_int(keys[ki]), 4)
            ki += 1
        if c.dynprec:
            prec = pf.to_signed(_key_int(keys[ki]), 4)
            ki += 1
        if c.agg:
            out.append(_agg_conv_text(c, aggs[ai], values[ai], width, prec))
            ai = min(ai + 1, len(aggs) - 1)
            continue
        kt = desc0.keys[ki]
        key = keys[ki]
        ki += 1
        if kt.kind is KeyKind.STACK:
            value: object = key.frames  # type: ignore[attr-defined]
        elif kt.kind is KeyKind.SYMBOL:
            value = key.text  # type: ignore[attr-defined]
        else:
            value = key
        out.append(pf.format_one(c, pf.ArgSpec(kt.size, kt.signed), value, width, prec,
                                 symbols))
    return "".join(out)


def _key_int(k: object) -> int:
    return int(k)  # type: ignore[call-overload]


def format_printa_fmt(fmt: pf.Format, aggs: Sequence[Agg], opts: SortOptions = SortOptions(),
                      symbols: pf.Symbols | None = None) -> str:
    """printa("fmt", @a, ...): the formatted rows in sort order, no leading blank line."""
    descs = [a.desc for a in aggs]
    if len(aggs) == 1:
        rows = [(r.keys, (r.value,)) for r in sort_rows(aggs[0], opts)]
    else:
        rows = join_rows(aggs, opts)  # type: ignore[assignment]
    return "".join(format_printa_row(fmt, descs, k, v, symbols) for k, v in rows)


#: A function that renders one printa row (for callers that stream rows).
RowFormatter = Callable[[tuple[object, ...], Sequence[AggValue]], str]
