"""DTrace's ordering rules for speculate(), commit() and the actions around them."""

from __future__ import annotations

import pytest

from pydtrace.codegen.specs import check_order
from pydtrace.errors import CompileError


@pytest.mark.parametrize(("calls", "tag"), [
    ([("speculate", 1), ("destructive", 2)], "D_ACT_SPEC"),
    ([("speculate", 1), ("exit", 2)], "D_EXIT_SPEC"),
    ([("agg", 1), ("commit", 2)], "D_COMM_DREC"),
    ([("agg", 1), ("speculate", 2)], "D_SPEC_DREC"),
    ([("commit", 1), ("destructive", 2)], "D_DREC_COMM"),
    ([("speculate", 1), ("agg", 2)], "D_AGG_SPEC"),
])
def test_refused(calls: list[tuple[str, int]], tag: str) -> None:
    with pytest.raises(CompileError) as info:
        check_order(calls)
    assert info.value.tag == tag
    assert info.value.line == 2


@pytest.mark.parametrize("calls", [
    [("destructive", 1), ("data", 2)],
    [("discard", 1), ("data", 2)],
    [("speculate", 1), ("data", 2), ("data", 3)],
    [("commit", 1), ("discard", 2), ("commit", 3)],
])
def test_accepted(calls: list[tuple[str, int]]) -> None:
    check_order(calls)
