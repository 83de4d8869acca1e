"""The kernel's bucketing of quantize/lquantize/llquantize matches the
consumer's arithmetic (consumer/aggfmt.py) for awkward values."""

from __future__ import annotations

import pytest

from pydtrace import Session
from pydtrace.consumer import aggfmt

VALUES = [0, 1, -1, 2, 3, 4, 7, 8, 9, 1023, 1024, -1024, 65535, 2**31 - 1, -(2**31),
          2**32, 2**40 + 5, 2**62, 2**63 - 1, -(2**63), -(2**63) + 1, 99, 100, 101, 999,
          1000, 1001, 123456789, -5, -10, -11, 10, 11, 15, 16, 17]

FUNCS = [
    ("quantize(v)", aggfmt.AggKind(aggfmt.AggFunc.QUANTIZE)),
    ("lquantize(v, -10, 100, 7)", aggfmt.AggKind.lquantize(-10, 100, 7)),
    ("lquantize(v, 0, 1000)", aggfmt.AggKind.lquantize(0, 1000, 1)),
    ("llquantize(v, 10, 0, 6, 20)", aggfmt.AggKind.llquantize(10, 0, 6, 20)),
    ("llquantize(v, 2, 3, 10, 4)", aggfmt.AggKind.llquantize(2, 3, 10, 4)),
]


@pytest.mark.parametrize(("call", "kind"), FUNCS, ids=[c for c, _ in FUNCS])
def test_buckets_match(call: str, kind: aggfmt.AggKind) -> None:
    def lit(v: int) -> str:  # -2^63 has no literal of its own
        return "(-9223372036854775807 - 1)" if v == -(2**63) else f"({v})"

    body = "".join(f"@h[{i}] = {call.replace('v', lit(v), 1)};"
                   for i, v in enumerate(VALUES))
    s = Session()
    s.add_program(f"BEGIN {{ {body} exit(0); }}")
    s.compile()
    try:
        s.go()
        s.run()
        s.stop()
        rows = {r.keys[0]: r.value for r in s.aggregations()[0].rows}
    finally:
        s.close()
    for i, v in enumerate(VALUES):
        got = [b for b, n in enumerate(rows[i]) if n]
        assert got == [aggfmt.bucket(kind, v)], (v, got)
