"""Buffer policies through the Python API: when records reach the handler."""

from __future__ import annotations

from pydtrace import Session
from pydtrace.options import Options

COUNTING = ('int i; tick-1ms /i < 40/ { printf("%d", i++); } '
            'tick-1ms /i == 40/ { exit(0); }')


def traced(policy: str, program: str = COUNTING) -> tuple[list[int], list[int]]:
    """The printf() values handed over while running, and when stopping."""
    opts = Options()
    opts.set("bufpolicy", policy)
    opts.set("bufsize", "100")
    s = Session(opts)
    s.add_program(program)
    seen: list[int] = []
    s.record_handler = lambda rec: seen.extend(
        int(a.values[0]) for a in rec.actions if a.kind == "printf")  # type: ignore[arg-type]
    s.compile()
    try:
        s.go()
        s.run(seconds=10)
        assert s.done
        running = list(seen)
        seen.clear()
        s.stop()
    finally:
        s.close()
    return running, seen


def test_switch_hands_records_over_as_they_come() -> None:
    running, stopping = traced("switch")
    assert running == list(range(40)) and stopping == []


def test_ring_hands_over_only_the_newest_records_and_only_at_the_end() -> None:
    running, stopping = traced("ring")
    # 100 bytes: three printf records (24 bytes each in the ring) and exit()'s
    assert running == [] and stopping == [37, 38, 39]


def test_fill_ends_the_run_and_hands_over_what_it_took() -> None:
    running, stopping = traced("fill", 'int i; tick-1ms { printf("%d", i++); }')
    assert running == [] and stopping == [0, 1, 2, 3]
