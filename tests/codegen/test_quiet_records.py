"""Which clauses write a record: one that would print nothing writes none."""

from __future__ import annotations

import pytest

from pydtrace.bpf.consts import Helper
from pydtrace.compiler import Compiled
from pydtrace.session import Session


def compile_d(text: str, quiet: bool) -> Compiled:
    s = Session()
    if quiet:
        s.options.apply("quiet", None)
    s.add_program(text, filename="t.d")
    return s.compile()


def reserves(c: Compiled, probe_name: str) -> int:
    """ringbuf_reserve calls in the program of the named probe."""
    (plan,) = [p for p in c.programs if p.probe.info.name == probe_name]
    return sum(1 for i in plan.asm.insns if i.code == 0x85 and i.imm == Helper.ringbuf_reserve)


@pytest.mark.parametrize(("body", "quiet", "records"), [
    ("", False, True),            # the probe line
    ("", True, False),            # nothing to print
    ("x = 1;", False, False),     # assignments print nothing
    ("trace(1);", True, True),
    ("exit(0);", True, True),     # the consumer must see exit()
])
def test_clause_records(body: str, quiet: bool, records: bool) -> None:
    c = compile_d(f"syscall::getpid:entry {{ {body} }}", quiet)
    assert c.layouts[0].records is records
    assert reserves(c, "entry") == (1 if records else 0)
