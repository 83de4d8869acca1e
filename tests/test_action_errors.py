"""Argument checks of stack(), ustack(), tracemem(), print(), setopt(), uregs[]
and the destructive actions: DTrace's D_* tags and wording."""

from __future__ import annotations

import pytest
from dtrace_helpers import run_dtrace

PROTO = "is incompatible with prototype:"
CASES = [
    ("BEGIN { stack(\"x\"); }", "D_PROTO_ARG",
     f"stack( ) argument #1 {PROTO}\n\tprototype: uint32_t\n\t argument: string"),
    ("BEGIN { stack(1, 2); }", "D_PROTO_LEN",
     "stack( ) prototype mismatch: 2 args passed, at most 1 expected"),
    ("BEGIN { stack(0); }", "D_STACK_SIZE",
     "stack( ) argument #1 must be a non-zero positive integer constant"),
    ("BEGIN { x = 3; stack(x); }", "D_STACK_SIZE",
     "stack( ) argument #1 must be a non-zero positive integer constant"),
    ("BEGIN { ustack(-2); }", "D_USTACK_FRAMES",
     "ustack( ) argument #1 must be a non-zero positive integer constant"),
    ("BEGIN { ustack(4, -1); }", "D_USTACK_STRSIZE",
     "ustack( ) argument #2 must be a positive integer constant"),
    ("BEGIN { ustack(1, 2, 3); }", "D_PROTO_LEN",
     "ustack( ) prototype mismatch: 3 args passed, at most 2 expected"),
    ("BEGIN { tracemem(0); }", "D_PROTO_LEN",
     "tracemem( ) prototype mismatch: 1 arg passed, at least 2 expected"),
    ("BEGIN { tracemem(0, \"s\"); }", "D_PROTO_ARG",
     f"tracemem( ) argument #2 {PROTO}\n\tprototype: size_t\n\t argument: string"),
    ("BEGIN { tracemem(0, 0); }", "D_TRACEMEM_SIZE",
     "tracemem( ) argument #2 must be a non-zero positive integral constant expression"),
    ("BEGIN { tracemem(*curthread, 8); }", "D_TRACEMEM_ADDR",
     f"tracemem( ) argument #1 {PROTO}\n\tprototype: pointer or integer\n"
     "\t argument: struct task_struct"),
    ("BEGIN { print(2); }", "D_PROTO_ARG",
     f"print( ) argument #1 {PROTO}\n\tprototype: void *\n\t argument: int"),
    ("BEGIN { print(); }", "D_PROTO_LEN", "print( ) prototype mismatch: 0 args passed, 1 expected"),
    ("BEGIN { setopt(3); }", "D_PROTO_ARG",
     f"setopt( ) argument #1 {PROTO}\n\tprototype: char *\n\t argument: int"),
    ("BEGIN { setopt(); }", "D_PROTO_LEN",
     "setopt( ) prototype mismatch: 0 args passed, at least 1 expected"),
    ("BEGIN { raise(\"x\"); }", "D_PROTO_ARG",
     f"raise( ) argument #1 {PROTO}\n\tprototype: int\n\t argument: string"),
    ("BEGIN { chill(); }", "D_PROTO_LEN", "chill( ) prototype mismatch: 0 args passed, 1 expected"),
    ("BEGIN { stop(1); }", "D_PROTO_LEN", "stop( ) prototype mismatch: 1 arg passed, 0 expected"),
    ("BEGIN { freopen(\".\"); }", "D_FREOPEN_INVALID", "freopen( ) argument #1 cannot be \".\""),
    ("BEGIN { x = \"ls\"; system(x); }", "D_PRINTF_ARG_FMT",
     f"system( ) argument #1 {PROTO}\n\tprototype: string constant\n\t argument: string"),
    ("BEGIN { speculate(1); raise(9); }", "D_ACT_SPEC",
     "destructive actions may not follow speculate( )"),
    ("BEGIN { i = R_SP; trace(uregs[i]); }", "D_PROTO_ARG",
     f"uregs[ ] argument #1 {PROTO}\n\tprototype: integer constant\n\t argument: int"),
    ("BEGIN { trace(uregs[26]); }", "D_UNKNOWN", "uregs[]: index out of bounds (26)"),
    ("BEGIN { trace(uregs[-1]); }", "D_REGS_IDX", "index -1 is out of range for array uregs"),
    ("BEGIN { @a = count(); trace(@a); }", "D_TRACE_DYN",
     "trace( ) may not be applied to a dynamic expression"),
    ("syscall::write:entry { trace(args[3]); }", "D_ARGS_IDX",
     "index 3 is out of range for syscall::write:entry args[ ]"),
    ("BEGIN { trace(args[0]); }", "D_ARGS_IDX", "index 0 is out of range for :::BEGIN args[ ]"),
    ("BEGIN { trace(args[\"a\"]); }", "D_PROTO_ARG",
     f"args[ ] argument #1 {PROTO}\n\tprototype: integer constant\n\t argument: string"),
    ("syscall::read*:entry { trace(args[0]); }", "D_ARGS_MULTI",
     "args[ ] may not be referenced because probe description syscall::read*:entry matches "
     "an unstable set of probes"),
    ("BEGIN { trace(args); }", "D_IDENT_BADREF",
     "associative array 'args' may not be referenced as scalar"),
    ("BEGIN { tracemem(&`no_such_symbol_here, 4); }", "D_IDENT_UNDEF",
     "failed to resolve `no_such_symbol_here: Unknown symbol name"),
    ("BEGIN { panic(); }", "D_UNKNOWN",
     "panic( ) is not supported: a BPF program cannot panic the kernel"),
]


@pytest.mark.parametrize(("program", "tag", "message"), CASES, ids=[c[1] for c in CASES])
def test_action_argument_errors(program: str, tag: str, message: str) -> None:
    res = run_dtrace(["-w", "-x", "errtags", "-n", program])
    assert res.status == 1
    assert res.err in (
        f"dtrace: invalid probe specifier {program}: [{tag}] in action list: {message}\n",
        f"dtrace: invalid probe specifier {program}: [{tag}] {message}\n",
    ), res.err


def test_destructive_actions_need_w() -> None:
    res = run_dtrace(["-qn", "BEGIN { system(\"true\"); exit(0); }"])
    assert res.status == 1
    assert res.err == "dtrace: could not enable tracing: Destructive actions not allowed\n"


def test_allowing_destructive_notice() -> None:
    res = run_dtrace(["-wn", "BEGIN { exit(0); }"])
    assert res.status == 0
    assert res.err == ("dtrace: description 'BEGIN ' matched 1 probe\n"
                       "dtrace: allowing destructive actions\n")
