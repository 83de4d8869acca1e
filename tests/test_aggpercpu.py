"""-x aggpercpu: every aggregation value is followed by each CPU's own value."""

from __future__ import annotations

import os

from dtrace_helpers import run_dtrace


def test_per_cpu_values_follow_each_value() -> None:
    os.sched_setaffinity(0, {0})
    try:
        res = run_dtrace(["-q", "-xaggpercpu", "-n",
                          "BEGIN { @c = count(); @m = min(7); @s[\"k\"] = sum(3); exit(0); }"])
    finally:
        os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
    assert res.status == 0, res.err
    ncpu = os.cpu_count() or 1

    def block(value: str, on_cpu0: str, elsewhere: str) -> str:
        cpus = "".join(f"\n    [CPU {c}] {on_cpu0 if c == 0 else elsewhere:>16}"
                       for c in range(ncpu))
        return value + cpus + "\n"

    expected = ("\n"
                + block(f" {1:16d}", "1", "0")
                + block(f" {7:16d}", "7", str(2**63 - 1))
                + block(f"  {'k':<50} {3:16d}", "3", "0"))
    assert res.out == expected
