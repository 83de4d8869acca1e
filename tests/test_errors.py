"""Compile errors: DTrace's D_* tags and wording (shown under -x errtags)."""

from __future__ import annotations

import pytest
from dtrace_helpers import run_dtrace

CASES = [
    ("BEGIN { @ = sum(\"s\"); }", "D_AGG_SCALAR", "sum( ) argument #1 must be of scalar type"),
    ("BEGIN { @a = count(); @a; }", "D_AGG_NULL", "expression has null effect: @a"),
    ("BEGIN { @b; }", "D_IDENT_UNDEF", "failed to resolve @b: Unknown variable name"),
    ("BEGIN { @[1][2] = count(); }", "D_AGG_MDIM", "aggregations may not be multi-dimensional"),
    ("BEGIN { @ = nosuchfunc(); }", "D_FUNC_UNDEF",
     "failed to resolve nosuchfunc: Unknown function name"),
    ("BEGIN { @[trace(1)] = count(); }", "D_KEY_TYPE", "aggregation key #1 is of void type"),
    ("BEGIN { a[1, \"k\"] = 1; a[1] = 2; }", "D_PROTO_LEN",
     "a[ ] prototype mismatch: 1 key passed, 2 expected"),
    ("BEGIN { a[\"k\"] = 1; a[1] = 2; }", "D_PROTO_ARG",
     "a[ ] key #1 is incompatible with prototype:\n\tprototype: string\n\t      key: int"),
    ("BEGIN { trace(exit(0)); }", "D_TRACE_VOID", "trace( ) may not be applied to a void expression"),
    ("BEGIN { printf(1); }", "D_PROTO_ARG",
     "printf( ) argument #1 is incompatible with prototype:\n\tprototype: string\n\t argument: int"),
    ("BEGIN { commit(1); speculate(1); }", "D_SPEC_COMM", "speculate( ) may not follow commit( )"),
    ("BEGIN { speculate(1); @ = count(); }", "D_AGG_SPEC",
     "aggregating actions may not follow speculate( )"),
    ("BEGIN { speculate(1); exit(0); }", "D_EXIT_SPEC", "exit( ) may not follow speculate( )"),
    ("BEGIN { @q = lquantize(1, 10, 5); }", "D_LQUANT_MISMATCH",
     "lquantize( ) base (argument #1) must be less than limit (argument #2)"),
    ("BEGIN { curthread->nosuchmember; }", "D_TYPE_MEMBER",
     "nosuchmember is not a member of struct task_struct"),
    ("BEGIN { x = 7 % (3 - 3) * 2; }", "D_DIV_ZERO", "expression contains division by zero"),
    ("BEGIN { printa(); }", "D_PROTO_LEN", "printa( ) prototype mismatch: 0 args passed, 1 expected"),
    ("BEGIN { @a = count(); printf(\"%d\", @a); }", "D_PRINTF_ARG_TYPE",
     "printf( ) argument #2 is incompatible with conversion #1 prototype:\n"
     "\tconversion: %d\n\t prototype: char, short, int, long, or long long\n"
     "\t  argument: aggregation"),
    ("BEGIN { trace((u_longlong_t)1); q = -2; trace(q % 0); }", "D_DIV_ZERO",
     "expression contains division by zero"),
]


@pytest.mark.parametrize(("program", "tag", "message"), CASES, ids=[c[1] for c in CASES])
def test_tagged_error(program: str, tag: str, message: str) -> None:
    res = run_dtrace(["-x", "errtags", "-n", program])
    assert res.status == 1
    assert res.err in (
        f"dtrace: invalid probe specifier {program}: [{tag}] in action list: {message}\n",
        f"dtrace: invalid probe specifier {program}: [{tag}] {message}\n",
    )
