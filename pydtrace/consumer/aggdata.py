"""Aggregation snapshots: read the per-CPU maps and merge the CPUs.

The merged rows are what both the Python API returns and the printer formats.
"""

from __future__ import annotations

import errno
import struct

from ..bpf.consts import BPF_EXIST
from ..bpf.maps import Map
from ..bpf.syscall import BpfError
from ..codegen.layout import AggDesc, Field
from . import aggfmt
from .records import decode_field  # noqa: F401  (re-exported)

_Q = struct.Struct("<q")
_SLOT = struct.Struct("<I")
_QQ = struct.Struct("<qq")


INT64_MAX, INT64_MIN = 2**63 - 1, -(2**63)


def merge(func: str, values: list[bytes], present: bool = False) -> aggfmt.AggValue | None:
    """Combine one key's per-CPU values; None if no CPU holds a value.

    ``present`` says the key exists anyway (a hash element, or a cleared
    keyless aggregation): it then merges to DTrace's cleared value.
    """
    value = _merge(func, values)
    if value is None and present:
        if func == "min":
            return INT64_MAX
        if func == "max":
            return INT64_MIN
        if func in ("avg", "stddev"):
            return (0, 0) if func == "avg" else (0, 0, 0)
        if func in ("quantize", "lquantize", "llquantize"):
            return (0,) * (len(values[0]) // 8 - 1)
        return 0
    return value


def _merge(func: str, values: list[bytes]) -> aggfmt.AggValue | None:
    if func in ("quantize", "lquantize", "llquantize"):
        n = len(values[0]) // 8 - 1  # the last word says "set"
        buckets = [0] * n
        touched = False
        for v in values:
            for i, c in enumerate(struct.unpack_from(f"<{n}q", v)):
                buckets[i] += c
            touched = touched or any(v[n * 8:])
        return tuple(buckets) if touched else None
    if func == "stddev":
        words = [struct.unpack_from("<qqQQ", v) for v in values]
        count = sum(w[0] for w in words)
        if not count:
            return None
        total = _wrap(sum(w[1] for w in words))
        squares = sum(w[2] | w[3] << 64 for w in words) & ((1 << 128) - 1)
        return (count, total, squares)
    if func == "count":
        total = sum(_Q.unpack_from(v)[0] for v in values)
        return total if total else None
    if func == "sum":
        pairs = [_QQ.unpack_from(v) for v in values]
        if not any(isset for _, isset in pairs):
            return None
        return _wrap(sum(s for s, _ in pairs))
    if func == "avg":
        pairs = [_QQ.unpack_from(v) for v in values]
        count = sum(c for c, _ in pairs)
        return (count, _wrap(sum(t for _, t in pairs))) if count else None
    if func in ("min", "max"):
        seen = [val for val, isset in (_QQ.unpack_from(v) for v in values) if isset]
        if not seen:
            return None
        return min(seen) if func == "min" else max(seen)
    raise AssertionError(func)


def _wrap(v: int) -> int:
    """Sums wrap at 64 bits in the kernel; merging must wrap the same way."""
    v &= (1 << 64) - 1
    return v - (1 << 64) if v >> 63 else v


def key_type(f: Field) -> aggfmt.KeyType:
    if f.kind in ("sym", "func", "mod", "usym", "ufunc", "uaddr", "umod"):
        return aggfmt.KeyType(aggfmt.KeyKind.SYMBOL, 8, False)
    if f.kind in ("stack", "ustack"):
        return aggfmt.KeyType(aggfmt.KeyKind.STACK, f.size, False)
    if f.kind == "string":
        return aggfmt.KeyType(aggfmt.KeyKind.STRING, f.size, False)
    return aggfmt.KeyType(aggfmt.KeyKind.INT, f.width, f.signed)


def agg_kind(desc: AggDesc) -> aggfmt.AggKind:
    p = desc.params
    if desc.func == "lquantize":
        return aggfmt.AggKind.lquantize(p.base, p.limit, p.step)  # type: ignore[attr-defined]
    if desc.func == "llquantize":
        return aggfmt.AggKind.llquantize(p.factor, p.low, p.high, p.nsteps)  # type: ignore[attr-defined]
    return aggfmt.AggKind(aggfmt.AggFunc(desc.func))


def format_desc(desc: AggDesc, normal: int = 1) -> aggfmt.AggDesc:
    return aggfmt.AggDesc(
        desc.name,
        desc.order + 1,
        agg_kind(desc),
        tuple(key_type(f) for f in desc.keys),
        normal,
    )


def entries(desc: AggDesc, m: Map, read: MapReads | None = None
            ) -> list[tuple[bytes, list[bytes]]]:
    """One aggregation's (map key, [value of each CPU]) in its shared map:
    the values cut to the aggregation's own size."""
    size = desc.value_size
    if desc.keyless:
        values = m.lookup_percpu(_SLOT.pack(desc.slot))
        return [] if values is None else [(b"", [v[:size] for v in values])]
    pairs = read.entries(m) if read is not None else m.lookup_batch_percpu()
    if desc.shared:
        slot = _Q.pack(desc.slot)
        pairs = [(k, v) for k, v in pairs if k.startswith(slot)]
    if size != desc.map_value_size:
        pairs = [(k, [v[:size] for v in per_cpu]) for k, per_cpu in pairs]
    return pairs


class MapReads:
    """Each shared map read once, for snapshots of several aggregations taken
    together (printa of many, or all of them at the end)."""

    def __init__(self) -> None:
        self._read: dict[int, list[tuple[bytes, list[bytes]]]] = {}

    def entries(self, m: Map) -> list[tuple[bytes, list[bytes]]]:
        if m.fd not in self._read:
            self._read[m.fd] = m.lookup_batch_percpu()
        return self._read[m.fd]


def snapshot(desc: AggDesc, m: Map, normal: int = 1, cleared: bool = False,
             per_cpu_values: bool = False, read: MapReads | None = None) -> aggfmt.Agg:
    """Every row of one aggregation, CPUs merged.

    ``cleared``: a keyless aggregation that clear() reset still prints (as 0).
    ``per_cpu_values`` (-x aggpercpu): each row also carries every CPU's own value.
    ``read``: where the maps read for the other aggregations of the same
    snapshot are kept.
    """
    rows: list[aggfmt.AggRow] = []
    for key, per_cpu in entries(desc, m, read):
        value = merge(desc.func, per_cpu, present=cleared or not desc.keyless)
        if value is None:
            continue
        if desc.keyless:
            keys: tuple[object, ...] = ()
        else:
            keys = tuple(decode_key(key, f) for f in desc.keys)
        cpus: tuple[tuple[int, aggfmt.AggValue], ...] = ()
        if per_cpu_values:
            cpus = tuple((cpu, merge(desc.func, [v], present=True))  # type: ignore[misc]
                         for cpu, v in enumerate(per_cpu))
        rows.append(aggfmt.AggRow(keys, value, cpus))
    if any(f.kind in ("sym", "func", "mod", "usym", "ufunc", "uaddr", "umod")
           for f in desc.keys):
        rows = merge_rows(desc.func, rows)
    return aggfmt.Agg(format_desc(desc, normal), tuple(rows))


def decode_key(key: bytes, f: Field) -> object:
    v = decode_field(key, f)
    if f.kind in ("stack", "ustack"):
        return stack_key(v, f.kind)
    if f.kind in ("usym", "ufunc", "uaddr", "umod"):
        from .printer import user_symbol_text

        pid, addr = v  # type: ignore[misc]
        return aggfmt.Symbol((pid, addr), user_symbol_text(f.kind, pid, addr))
    if f.kind in ("sym", "func", "mod"):
        from .printer import symbol_of

        start, text = symbol_of(f.kind, v)  # type: ignore[arg-type]
        return aggfmt.Symbol((start,), text)
    return v


def merge_rows(func: str, rows: list[aggfmt.AggRow]) -> list[aggfmt.AggRow]:
    """Rows whose addresses name the same symbol are one row, as in DTrace."""
    merged: dict[tuple, aggfmt.AggRow] = {}
    for r in rows:
        ident = tuple(k.text if isinstance(k, aggfmt.Symbol) else k for k in r.keys)
        prev = merged.get(ident)
        merged[ident] = r if prev is None else aggfmt.AggRow(
            prev.keys, combine(func, prev.value, r.value))
    return list(merged.values())


def combine(func: str, a: aggfmt.AggValue, b: aggfmt.AggValue) -> aggfmt.AggValue:
    if func == "min":
        return min(a, b)  # type: ignore[type-var]
    if func == "max":
        return max(a, b)  # type: ignore[type-var]
    if isinstance(a, tuple):
        return tuple(x + y for x, y in zip(a, b, strict=True))  # type: ignore[arg-type]
    return a + b  # type: ignore[operator]


def stack_key(pcs: object, kind: str) -> aggfmt.Stack:
    from .printer import TextPrinter

    return aggfmt.Stack(pcs, tuple(TextPrinter.frames(kind, pcs)))  # type: ignore[arg-type]


def clear(desc: AggDesc, m: Map) -> None:
    """clear(): every value back to zero, keys kept."""
    zero = bytes(desc.map_value_size)
    if desc.keyless:
        m.update(_SLOT.pack(desc.slot), zero)
        return
    for key, _ in entries(desc, m):
        try:
            m.update(key, zero, BPF_EXIST)  # not one a program deleted meanwhile
        except BpfError as e:
            if e.errno != errno.ENOENT:
                raise


def trunc(desc: AggDesc, m: Map, keep: int | None, freed: Map | None = None) -> None:
    """trunc(): drop every key, or all but the ``keep`` largest (smallest if < 0).

    What the deleted keys took of aggsize is given back in the ``freed`` map.
    """
    if desc.keyless:
        if not keep:
            m.update(_SLOT.pack(desc.slot), bytes(desc.map_value_size))
        return
    found = entries(desc, m)
    if keep:
        ranked = [(merge(desc.func, v, True), k) for k, v in found]
        kind = agg_kind(desc)
        ranked.sort(key=lambda e: aggfmt.value_order(kind, e[0]))  # type: ignore[arg-type]
        kept = {k for _, k in (ranked[-keep:] if keep > 0 else ranked[:-keep])}
    else:
        kept = set()
    deleted = sum(m.delete(key) for key, _ in found if key not in kept)
    if deleted and freed is not None:
        give_back(freed, deleted * desc.entry_size)


def give_back(freed: Map, nbytes: int) -> None:
    """Credit ``nbytes`` of aggsize back.  Programs only add to the bytes in
    use and only the consumer writes the freed count, so neither loses the
    other's updates."""
    key = _SLOT.pack(0)
    before = _Q.unpack(freed.lookup(key) or bytes(8))[0]
    freed.update(key, _Q.pack(before + nbytes))
