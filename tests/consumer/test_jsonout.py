"""-x oformat=json: the objects written for drops and histogram buckets."""

from __future__ import annotations

import io
import json

from pydtrace.consumer import aggfmt
from pydtrace.consumer.jsonout import JsonPrinter, aggregation_object
from pydtrace.options import Options


def _printer() -> tuple[JsonPrinter, io.StringIO]:
    out = io.StringIO()
    return JsonPrinter(out, io.StringIO(), Options()), out


def test_drops_are_objects_on_the_output() -> None:
    p, out = _printer()
    p.drops(1, 7)
    p.spec_fails(1)
    lines = [json.loads(ln) for ln in out.getvalue().splitlines()]
    assert lines == [
        {"type": "drop", "kind": "principal", "cpu": 1, "count": 7,
         "message": "7 drops on CPU 1"},
        {"type": "drop", "kind": "speculation", "count": 1,
         "message": "1 failed speculation (no speculative buffer available)"},
    ]


def test_negative_buckets_and_keys() -> None:
    kind = aggfmt.AggKind(aggfmt.AggFunc.QUANTIZE)
    data = [0] * kind.nbuckets
    data[aggfmt.quantize_bucket(-5)] = 2
    data[aggfmt.quantize_bucket(3)] = 1
    desc = aggfmt.AggDesc("lat", 0, kind, (aggfmt.KeyType(size=4),))
    agg = aggfmt.Agg(desc, (aggfmt.AggRow((0xFFFFFFFF,), tuple(data)),))
    assert aggregation_object(agg, aggfmt.SortOptions()) == {
        "type": "aggregation", "name": "@lat", "function": "quantize",
        "rows": [{"keys": [-1], "buckets": [{"label": "-4", "count": 2},
                                            {"label": "2", "count": 1}]}],
    }
