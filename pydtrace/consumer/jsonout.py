"""``-x oformat=json``: every record, error, drop and aggregation as one JSON
object per line, for programs that read dtrace's output.

The names follow FreeBSD's structured output where it has one (``probe``,
``cpu``, ``id``, ``enabled_id``, ``output``; printf output as ``message``,
trace() as ``value``); each line carries a ``type``: "probe", "aggregation",
"error" or "drop".  Integers stay integers, strings stay strings, stacks are
lists of frames, histograms list their non-empty buckets.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from ..codegen.faults import FAULT_NAMES, fault_message
from . import aggfmt
from . import printf as pf
from .printer import TextPrinter, symbol_text

if TYPE_CHECKING:
    from ..codegen.layout import ClauseLayout, EnabledProbe, ProbeInfo
    from ..options import Options
    from ..session import Action, Fault, Record

def probe_object(p: ProbeInfo) -> dict[str, str]:
    return {"provider": p.provider, "module": p.module, "function": p.function,
            "name": p.name}


class JsonPrinter(TextPrinter):
    """Formats as the text printer does, but writes JSON lines."""

    def __init__(self, out: TextIO, err: TextIO, options: Options) -> None:
        super().__init__(out, err, options)
        self._encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def emit(self, obj: dict[str, object]) -> None:
        self.buf.append(self._encode(obj) + "\n")

    def fast_path(self, ep: EnabledProbe, layout: ClauseLayout) -> Callable | None:
        return None  # every record goes through record(), which knows the fields

    def record(self, rec: Record) -> None:
        output: list[dict[str, object]] = []
        for a in rec.actions:
            if a.kind == "printf":
                output.append({"message": self._render(a.desc, a.values)})
            elif a.kind == "trace":
                f = a.desc.fields[0]
                v = a.values[0]
                if f.kind not in ("string", "float"):
                    v = pf.to_signed(v, f.size) if f.signed else pf.to_unsigned(v, f.size)  # type: ignore[arg-type]
                output.append({"value": v})
            elif a.kind in ("sym", "func", "mod"):
                output.append({"symbol": symbol_text(a.kind, a.values[0])})  # type: ignore[arg-type]
            elif a.kind in ("stack", "ustack"):
                output.append({a.kind: self.frames(a.kind, a.values[0])})  # type: ignore[arg-type]
            elif a.kind == "printa":
                aggs = a.values
                output.append({"printa": [aggregation_object(g, self.sort_options()) for g in aggs]})
            elif a.kind in ("usym", "ufunc", "uaddr", "umod"):
                from .printer import user_symbol_text

                pid, addr = a.values[0]  # type: ignore[misc]
                output.append({"symbol": user_symbol_text(a.kind, pid, addr)})
            elif a.kind in ("tracemem", "print", "system", "setopt"):
                output.extend(self.effect(rec, a))
            elif a.kind == "pcap":
                # the captured bytes and their link type; a NULL packet shows nothing
                length, dlt, data = int(a.values[1]), int(a.values[2]), a.values[3]  # type: ignore[call-overload]
                if length > 0:
                    output.append({"pcap": data[:length].hex(), "linktype": dlt})  # type: ignore[index]
        p = rec.enabled.probe
        self.emit({"type": "probe", "cpu": rec.cpu, "id": p.id,
                   "enabled_id": rec.enabled.epid, "probe": probe_object(p),
                   "output": output})

    def effect(self, rec: Record, a: Action) -> list[dict[str, object]]:
        """tracemem() and print() as values; system() and setopt() act as in text
        output (setopt()'s complaint is an error object)."""
        from . import effects
        from .printtype import DEFAULT_PRINTSIZE, format_print

        if a.kind == "tracemem":
            return [{"tracemem": effects.tracemem_bytes(a.values).hex()}]
        if a.kind == "print":
            spec = a.desc.format
            return [{"print": format_print(a.values[0], spec.dtype, a.values[1],  # type: ignore[arg-type, union-attr]
                                           DEFAULT_PRINTSIZE, spec.labels)}]  # type: ignore[union-attr]
        if a.kind == "system":
            self.flush()
            effects.run_command(self._render(a.desc, a.values), self.out)
            return []
        problem = effects.set_option(self.options, str(a.values[0]),
                                     str(a.values[1]) if len(a.values) > 1 else None)
        if problem is not None:
            p = rec.enabled.probe
            self.emit({"type": "error", "cpu": rec.cpu, "id": p.id, "probe": probe_object(p),
                       "statement": rec.enabled.stmt,
                       "message": f"error in dt_clause_{rec.enabled.stmt} for probe ID {p.id} "
                                  f"({p.fullname}): {problem}"})
        return []

    def fault(self, f: Fault) -> None:
        p = f.enabled.probe
        self.emit({"type": "error", "cpu": f.cpu, "id": p.id, "probe": probe_object(p),
                   "statement": f.stmt,
                   "fault": FAULT_NAMES.get(f.code, "unknown fault"), "address": f.addr,
                   "message": f"error in dt_clause_{f.stmt} for probe ID {p.id} "
                              f"({p.fullname}): {fault_message(f.code, f.addr)}"})
        self.flush()

    def drops(self, cpu: int, count: int) -> None:
        self.emit({"type": "drop", "kind": "principal", "cpu": cpu, "count": count,
                   "message": f"{count} drop{'s' if count != 1 else ''} on CPU {cpu}"})
        self.flush()

    def spec_fails(self, count: int) -> None:
        s = "s" if count != 1 else ""
        self.emit({"type": "drop", "kind": "speculation", "count": count,
                   "message": f"{count} failed speculation{s} "
                              "(no speculative buffer available)"})
        self.flush()

    def after_interrupt(self) -> str:
        return ""

    def end_of_run(self) -> str:
        return ""

    def aggregations(self, aggs: Sequence[aggfmt.Agg], opts: aggfmt.SortOptions) -> str:
        return "".join(self._encode(aggregation_object(a, opts)) + "\n" for a in aggs)


def aggregation_object(agg: aggfmt.Agg, opts: aggfmt.SortOptions) -> dict[str, object]:
    desc = agg.desc
    rows = [{"keys": [key_value(kt, k) for kt, k in zip(desc.keys, r.keys, strict=True)],
             **value_fields(desc.kind, r.value, desc.normal)}
            for r in aggfmt.sort_rows(agg, opts)]
    return {"type": "aggregation", "name": f"@{desc.name}" if desc.name else "@",
            "function": desc.kind.func.value, "rows": rows}


def key_value(kt: aggfmt.KeyType, key: object) -> object:
    if kt.kind is aggfmt.KeyKind.STRING:
        return str(key)
    if kt.kind is aggfmt.KeyKind.STACK:
        return list(key.frames)  # type: ignore[attr-defined]
    if kt.kind is aggfmt.KeyKind.SYMBOL:
        return key.text  # type: ignore[attr-defined]
    v = int(key)  # type: ignore[call-overload]
    # as the text output prints them: small keys unsigned, 4 and 8 bytes signed
    return pf.to_signed(v, kt.size) if kt.size >= 4 else pf.to_unsigned(v, kt.size)


def value_fields(kind: aggfmt.AggKind, value: aggfmt.AggValue, normal: int) -> dict[str, object]:
    f = kind.func
    if kind.is_histogram:
        return {"buckets": buckets(kind, value, normal)}  # type: ignore[arg-type]
    if f is aggfmt.AggFunc.AVG:
        cnt, tot = value  # type: ignore[misc]
        return {"value": aggfmt.avg_value(cnt, tot, normal)}
    if f is aggfmt.AggFunc.STDDEV:
        cnt, tot, sq = value  # type: ignore[misc]
        return {"value": aggfmt.stddev_value(cnt, tot, sq, normal)}
    v = pf.to_signed(int(value), 8)  # type: ignore[arg-type]
    return {"value": v // normal if normal != 1 else v}


def buckets(kind: aggfmt.AggKind, data: Sequence[int], normal: int) -> list[dict[str, object]]:
    """The non-empty buckets, each with DTrace's row label and its count."""
    labels = bucket_labels(kind, len(data))
    return [{"label": labels.get(i, ""), "count": pf.to_signed(n, 8) // normal}
            for i, n in enumerate(data) if n]


def bucket_labels(kind: aggfmt.AggKind, n: int) -> dict[int, str]:
    f = kind.func
    if f is aggfmt.AggFunc.QUANTIZE:
        return {i: str(aggfmt.quantize_bucket_value(i)) for i in range(n)}
    if f is aggfmt.AggFunc.LQUANTIZE:
        levels = kind.levels
        labels = {i: str(kind.base + (i - 1) * kind.step) for i in range(1, levels + 1)}
        labels[0] = f"< {kind.base}"
        labels[levels + 1] = f">= {kind.base + levels * kind.step}"
        return labels
    return aggfmt.llquantize_labels(kind.factor, kind.low, kind.high, kind.nsteps, 0, n - 1)

