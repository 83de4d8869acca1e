"""bufpolicy=fill: which programs count their records against the buffer."""

from __future__ import annotations

from pydtrace.codegen.disasm import listing
from pydtrace.options import Options
from pydtrace.session import Session

PROGRAM = """
BEGIN { printf("%d\\n", 1); }
tick-1s { printf("%d %d\\n", 1, 2); }
END { printf("%d\\n", 3); }
"""


def programs(policy: str) -> dict[str, str]:
    options = Options()
    options.set("bufpolicy", policy)
    options.set("bufsize", "1000")
    s = Session(options)
    s.add_program(PROGRAM, filename="fill.d")
    compiled = s.compile()
    return {plan.probe.info.name: listing(plan.asm, plan.probe.info.name)
            for plan in compiled.programs}


def test_fill_counts_every_record_but_ends() -> None:
    listed = programs("fill")
    # END's 24 bytes in the ring are set aside from the 1000
    assert "fetch_adddw" in listed["BEGIN"] and "jle %r2, 976" in listed["BEGIN"]
    assert "mov %r2, 32" in listed["tick-1s"] and "jle %r2, 976" in listed["tick-1s"]
    assert "fetch_add" not in listed["END"]


def test_other_policies_count_nothing() -> None:
    for policy in ("switch", "ring"):
        assert not any("fetch_add" in text for text in programs(policy).values())
