"""The Python API: compile, go, consume records and aggregations, stop."""

from __future__ import annotations

import subprocess

import pytest

from pydtrace import Session
from pydtrace.codegen.asm import R0, R7
from pydtrace.errors import DTraceError
from pydtrace.options import Options


def test_records_and_aggregations_as_python_values(workloads: dict[str, str]) -> None:
    child = subprocess.Popen([workloads["getpid"], "250"], stdin=subprocess.DEVNULL)
    child.wait()
    s = Session()
    s.add_program('BEGIN { printf("%s-%d\\n", "x", 5); trace(7); } '
                  'BEGIN { @n["k", 2] = count(); @n["k", 2] = count(); @t = sum(40); '
                  '@t = sum(2); exit(3); }')
    records = []
    s.record_handler = records.append
    s.compile()
    try:
        s.go()
        s.run()
        s.stop()
        assert s.exit_status == 3
        assert [(a.kind, a.values) for r in records for a in r.actions] == [
            ("printf", ("x", 5)), ("trace", (7,)), ("exit", (3,))]
        assert records[0].enabled.probe.fullname == "dtrace:::BEGIN"
        aggs = {a.desc.name: [(r.keys, r.value) for r in a.rows] for a in s.aggregations()}
        assert aggs == {"n": [(("k", 2), 2)], "t": [((), 42)]}
    finally:
        s.close()


def test_drops_are_counted_per_cpu(workloads: dict[str, str]) -> None:
    opts = Options()
    opts.set("bufsize", "4k")
    opts.set("quiet")
    s = Session(opts)
    s.macros = {}
    s.add_program('syscall::getpid:entry /execname == "getpid"/ '
                  '{ printf("%d %d %d\\n", pid, tid, arg0); }')
    lines = []
    drops = []
    s.record_handler = lines.append
    s.on_drops = lambda cpu, n: drops.append(n)  # type: ignore[method-assign]
    s.compile()
    try:
        s.go()
        child = subprocess.Popen([workloads["getpid"], "50000"])
        while child.poll() is None:
            s.poll(10)
        s.stop()
    finally:
        s.close()
    assert sum(drops) > 0
    assert len(lines) + sum(drops) == 50000


def test_a_program_the_verifier_refuses_is_a_dtrace_error() -> None:
    s = Session()
    s.add_program("BEGIN { exit(0); }")
    comp = s.compile()
    asm = comp.programs[0].asm
    # read a register nothing ever wrote: the verifier must say so
    asm.insns.insert(len(asm.insns) - 2, asm.insns[-2].__class__(0xBF, R0, R7))
    with pytest.raises(DTraceError) as info:
        s.go()
    msg = info.value.message
    assert msg.startswith("failed to enable dtrace:::BEGIN: BPF program refused by the verifier: ")
    assert "R7 !read_ok" in msg
    assert s.runtime is None
