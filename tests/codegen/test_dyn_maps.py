"""Thread-locals and associative arrays share hashes: how many maps a
program takes, and how each variable's keys are laid out in them."""

from __future__ import annotations

from pydtrace.codegen.dynmaps import DYN_MAP_BUDGET, SLOT_WORD, THREAD_SLOT_SHIFT
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
                  "BEGIN { self->a = 1; self->b = 2; x[1] = 3; z[5] = 6; self->y[2] = 4; }")
    a, b = c.ctx.self_vars["a"], c.ctx.self_vars["b"]
    x, z = c.ctx.assocs["x"], c.ctx.assocs["z"]
    # thread-locals tag the thread word: their key stays the 8 bytes of the thread
    assert a.map_name == b.map_name and a.keys == b.keys == ()
    assert {a.thread_tag, b.thread_tag} == {0, 1 << THREAD_SLOT_SHIFT}
    assert c.ctx.maps[a.map_name].key_size == 8
    # dynvarsize holds 16 of the smallest kind: an int thread-local counts 4 bytes
    assert c.ctx.maps[a.map_name].max_entries == 16
    # global arrays put their slot in a word of its own
    assert x.map_name == z.map_name != a.map_name and x.shared and z.shared
    assert {x.slot, z.slot} == {0, 1} and x.keys[0].offset == SLOT_WORD
    assert c.ctx.maps[x.map_name].key_size == SLOT_WORD + 8
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


def test_thread_locals_past_the_tag_bits_take_another_hash() -> None:
    c = compile_d("BEGIN {\n" + "\n".join(f"self->v{i} = {i};" for i in range(1030)) + "\n}")
    by_map: dict[str, set[int]] = {}
    for var in c.ctx.self_vars.values():
        assert var.keys == () and var.thread_tag < 1 << 64
        by_map.setdefault(var.map_name, set()).add(var.thread_tag)
    assert sorted(len(tags) for tags in by_map.values()) == [6, 1024]
