"""Thread-locals and associative arrays share hashes: how many maps a
program takes, and how each variable's keys are laid out in them."""

from __future__ import annotations

from pydtrace.codegen.dynmaps import DYN_MAP_BUDGET, SLOT_WORD
from pydtrace.compiler import Compiled
from pydtrace.session import Session


def compile_d(text: str) -> Compiled:
    s = Session()
    s.add_program(text, filename="t.d")
    return s.compile()


def test_a_lone_thread_local_is_keyed_by_the_thread_alone() -> None:
    c = compile_d("BEGIN { self->ts = timestamp; }")
    var = c.ctx.self_vars["ts"]
    assert var.keys == () and not var.shared
    assert c.ctx.maps[var.map_name].key_size == 8


def test_variables_of_one_shape_share_a_hash_under_their_slots() -> None:
    c = compile_d("#pragma D option dynvarsize=64\n"
                  "BEGIN { self->a = 1; self->b = 2; x[1] = 3; self->y[2] = 4; z[5] = 6; }")
    a, b, x = c.ctx.self_vars["a"], c.ctx.self_vars["b"], c.ctx.assocs["x"]
    assert a.map_name == b.map_name == x.map_name
    assert len({a.slot, b.slot, x.slot}) == 3 and a.shared and x.shared
    assert a.thread and a.keys[0].offset == SLOT_WORD
    assert c.ctx.maps[a.map_name].key_size == SLOT_WORD + 8
    # dynvarsize holds 16 of the smallest kind: an int thread-local counts 4 bytes
    assert c.ctx.maps[a.map_name].max_entries == 16
    # alone in its shape, self->y[...] keeps a plain (thread, key) key
    y = c.ctx.assocs["self->y"]
    assert y.thread and not y.shared and [f.offset for f in y.keys] == [0, 8]


def test_many_shapes_never_take_more_maps_than_the_budget() -> None:
    lines = []
    for i in range(200):
        keys = ", ".join(["1"] * (1 + i % 9))
        lines.append(f"a{i}[{keys}] = {i};")
        lines.append(f"self->t{i}[{keys}] = {i};")
    c = compile_d("BEGIN {\n" + "\n".join(lines) + "\n}")
    used = {v.map_name for v in [*c.ctx.self_vars.values(), *c.ctx.assocs.values()]}
    assert len(used) <= DYN_MAP_BUDGET
    for var in c.ctx.assocs.values():
        spec = c.ctx.maps[var.map_name]
        assert spec.key_size == var.key_size >= var.keys[-1].offset + var.keys[-1].size
        assert spec.value_size == var.value_size
