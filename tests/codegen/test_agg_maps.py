"""Aggregations share maps: how many maps a program takes, and where each
aggregation's keys and values are in them."""

from __future__ import annotations

import pytest

from pydtrace.codegen.aggmaps import AGG_MAP_BUDGET, AGG_MAX_ENTRIES, SLOT_WORD
from pydtrace.codegen.asm import R1, Asm
from pydtrace.codegen.link import MAX_PROGRAM_MAPS, check_map_count
from pydtrace.compiler import Compiled
from pydtrace.errors import DTraceError
from pydtrace.session import Session


def compile_d(text: str) -> Compiled:
    s = Session()
    s.add_program(text, filename="t.d")
    return s.compile()


def program_maps(c: Compiled) -> set[str]:
    return {i.map_name for p in c.programs for i in p.asm.insns if i.map_name}


def test_one_aggregation_keeps_its_own_key() -> None:
    c = compile_d("#pragma D option aggsize=1m\nBEGIN { @[1] = count(); }")
    desc = c.ctx.aggs[""]
    spec = c.ctx.maps[desc.map_name]
    assert not desc.shared and desc.keys[0].offset == 0
    assert (spec.key_size, spec.value_size) == (8, 8)
    assert spec.max_entries == min(AGG_MAX_ENTRIES, (1 << 20) // 16)


def test_same_shapes_share_a_hash_keyed_by_slot() -> None:
    c = compile_d("BEGIN { @a[1] = count(); @b[2] = count(); @c = count(); @d = count(); }")
    a, b, cc, d = (c.ctx.aggs[n] for n in "abcd")
    assert a.map_name == b.map_name and a.shared and b.shared
    assert {a.slot, b.slot} == {0, 1}
    assert a.keys[0].offset == SLOT_WORD and a.key_size == SLOT_WORD + 8
    assert cc.map_name == d.map_name and {cc.slot, d.slot} == {0, 1}
    assert c.ctx.maps[cc.map_name].max_entries == 2


def test_many_shapes_never_take_more_maps_than_the_budget() -> None:
    lines = []
    for i in range(300):
        keys = ", ".join(["1"] * (1 + i % 7) + ['"s"'] * (i % 3))
        lines.append(f"@l{i}[{keys}] = lquantize(1, 0, {10 + 7 * i}, 1);")
        lines.append(f"@k{i} = lquantize(1, 0, {10 + 5 * i}, 1);")
    c = compile_d("BEGIN {\n" + "\n".join(lines) + "\n}")
    agg_maps = {d.map_name for d in c.ctx.aggs.values()}
    assert len(agg_maps) <= AGG_MAP_BUDGET
    assert len(program_maps(c)) <= MAX_PROGRAM_MAPS
    for desc in c.ctx.aggs.values():
        spec = c.ctx.maps[desc.map_name]
        assert spec.value_size == desc.map_value_size >= desc.value_size
        assert spec.key_size == desc.key_size
        end = max((f.offset + f.size for f in desc.keys), default=0)
        assert end <= desc.key_size
    slots = [(d.map_name, d.slot) for d in c.ctx.aggs.values()]
    assert len(set(slots)) == len(slots)


def test_too_many_maps_is_refused_in_one_line() -> None:
    asm = Asm()
    for i in range(MAX_PROGRAM_MAPS + 1):
        asm.ld_map_fd(R1, f"m{i}")

    class Info:
        fullname = "dtrace:::BEGIN"

    class Probe:
        info = Info()

    with pytest.raises(DTraceError) as err:
        check_map_count(asm, Probe())  # type: ignore[arg-type]
    assert str(err.value) == ("could not enable tracing: dtrace:::BEGIN needs 65 maps, "
                              "more than the 64 the kernel allows one BPF program")
