"""The consumer's rate clocks and the ring/fill policies' held records."""

from __future__ import annotations

from pydtrace.consumer.held import HeldRecords
from pydtrace.consumer.pacing import RateClock
from pydtrace.options import Options


def clock(rate: str | None) -> RateClock:
    options = Options()
    if rate is not None:
        options.set("aggrate", rate)
    return RateClock(options, "aggrate")


def test_clock_is_due_first_then_once_per_interval() -> None:
    c = clock("1s")
    assert c.set
    assert c.due(10.0)
    assert not c.due(10.5)
    assert c.wait(10.5) == 0.5
    assert c.due(11.2)
    # it moves on by its interval, not to the reading's time
    assert c.wait(11.2) == 11.0 + 1 - 11.2
    assert c.due(12.0)


def test_clock_unset_is_always_due() -> None:
    c = clock(None)
    assert not c.set
    assert c.due(1.0) and c.due(1.0) and c.due(1.0)


def test_clock_restart_makes_the_next_reading_due() -> None:
    c = clock("10s")
    assert c.due(0.0)
    assert not c.due(1.0)
    c.restart()
    assert c.due(1.5)
    assert not c.due(2.0)


def test_setopt_changes_a_rate_while_running() -> None:
    c = clock("10s")
    c.due(0.0)
    c.options.set("aggrate", "100ms")
    assert c.due(0.2)


def _keep(held: HeldRecords, data: bytes) -> None:
    held.copy(memoryview(data), 0, len(data))


def test_ring_keeps_the_newest_records_that_fit() -> None:
    pushed_out: list[object] = []
    held = HeldRecords(60, pushed_out.append)
    for i in range(5):
        _keep(held, bytes([i]) * 16)  # 24 bytes each in the ring
    assert [r[0] for r in held.drain()]  # type: ignore[index] == [3, 4]
    assert [r[0] for r in pushed_out]  # type: ignore[index] == [0, 1, 2]
    assert held.used == 0


def test_fill_keeps_every_record() -> None:
    held = HeldRecords(None)
    for i in range(100):
        _keep(held, bytes([i]) * 12)
    assert [r[0] for r in held.drain()]  # type: ignore[index] == list(range(100))
