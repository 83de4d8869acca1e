"""alloca(), bcopy(), copyin*(), copyout*(): compile-time errors and copyout."""

from __future__ import annotations

import pytest
from dtrace_helpers import run_dtrace

PROTO = "incompatible with prototype:\n\tprototype: alloca pointer\n\t argument: non-alloca pointer"

CASES = [
    ("alloca-size", "-x scratchsize=64", "BEGIN\n{\n\tp = alloca(65);\n}\n",
     "D_ALLOCA_SIZE", 3, "alloca(65) size larger than scratchsize 64"),
    ("copyin-size", "-x scratchsize=64", "BEGIN\n{\n\tp = copyin(arg0, 100);\n}\n",
     "D_ALLOCA_SIZE", 3, "alloca(100) size larger than scratchsize 64"),
    ("reuse-after-alloca", "",
     "BEGIN\n{\n\tp = (char *)alloca(4);\n}\n\nBEGIN\n{\n\tp = NULL;\n"
     "\tp = (char *)curthread;\n}\n",
     "D_ALLOCA_INCOMPAT", 6,
     "p: cannot reuse the same identifier for both alloca and non-alloca allocations"),
    ("reuse-before-alloca", "",
     "BEGIN\n{\n\tself->p = (char *)curthread;\n}\n\ntick-1s\n{\n"
     "\tself->p = (char *)alloca(4);\n}\n",
     "D_ALLOCA_INCOMPAT", 6,
     "self->p: cannot reuse the same identifier for both alloca and non-alloca allocations"),
    ("ternary", "", "BEGIN\n{\n\tp = alloca(1);\n\tp = p ? p : (void *)curthread;\n}\n",
     "D_ALLOCA_INCOMPAT", 4,
     "ternary conditional with alloca and non-alloca branches cannot be assigned to a variable"),
    ("bcopy-dst", "", "BEGIN\n{\n\tbcopy(\"abc\", (void *)curthread, 3);\n}\n",
     "D_PROTO_ARG", 3, "bcopy( ) argument #2 is " + PROTO),
    ("copyinto-dst", "", "BEGIN\n{\n\tcopyinto(arg0, 3, \"\");\n}\n",
     "D_PROTO_ARG", 3, "copyinto( ) argument #3 is " + PROTO),
    ("bcopy-int", "", "BEGIN\n{\n\tbcopy(\"abc\", 3, 3);\n}\n",
     "D_PROTO_ARG", 3,
     "bcopy( ) argument #2 is incompatible with prototype:\n\tprototype: void *\n\t argument: int"),
    ("alloca-arity", "", "BEGIN\n{\n\tp = alloca();\n}\n",
     "D_PROTO_LEN", 3, "alloca( ) prototype mismatch: 0 args passed, 1 expected"),
    ("kernel-store", "", "BEGIN\n{\n\tcurthread->pid = 1;\n}\n",
     "D_OP_LVAL", 3, "operator = requires modifiable lvalue as an operand"),
    ("store-arrow-int", "", "BEGIN\n{\n\tx = 1;\n\tx->a = 2;\n}\n",
     "D_OP_PTR", 4, "operator -> must be applied to a pointer"),
    ("store-arrow-int-ptr", "", "BEGIN\n{\n\tp = (int *)alloca(4);\n\tp->a = 2;\n}\n",
     "D_OP_SOU", 4, "operator -> cannot be applied to pointer to type \"int\"; must be "
     "applied to a struct or union pointer"),
    ("vfptr", "", "BEGIN\n{\n\tp = 1;\n\tp -= alloca(10);\n}\n",
     "D_OP_VFPTR", 4, "operator -= requires left-hand scalar operand of known size"),
    ("stringof-void", "", "BEGIN\n{\n\tprintf(\"%s\", stringof(trace(1)));\n}\n",
     "D_STRINGOF_TYPE", 3, "cannot apply stringof to a value of type void"),
    ("mixed-difference", "",
     "BEGIN\n{\n\tp = (char *)alloca(1);\n\ttrace(p - (char *)curthread);\n}\n",
     "D_OP_INCOMPAT", 4, "adding or subtracting pointers to alloca and non-alloca space is "
     "meaningless: \"char *\" - \"char *\""),
    ("deref-int", "", "BEGIN\n{\n\tx = 1;\n\ttrace(*x);\n}\n",
     "D_DEREF_NONPTR", 4, "cannot dereference non-pointer type"),
    ("deref-void", "", "BEGIN\n{\n\tp = alloca(4);\n\ttrace(*p);\n}\n",
     "D_DEREF_VOID", 4, "cannot dereference pointer to void"),
    ("void-arith", "", "BEGIN\n{\n\tp = alloca(4);\n\ttrace(p + 1);\n}\n",
     "D_OP_INCOMPAT", 4, "operands have incompatible types: \"void *\" + \"int\""),
]


@pytest.mark.parametrize(("name", "opts", "source", "tag", "line", "message"), CASES,
                         ids=[c[0] for c in CASES])
def test_compile_error(tmp_path, name: str, opts: str, source: str, tag: str, line: int,
                       message: str) -> None:
    script = tmp_path / f"{name}.d"
    script.write_text(source)
    res = run_dtrace(["-x", "errtags", *opts.split(), "-s", str(script)])
    assert res.status == 1
    assert res.err == f"dtrace: failed to compile script {script}: [{tag}] line {line}: {message}\n"


def test_copyout_is_destructive() -> None:
    """Refused when enabled, as in DTrace: after the probes matched, and not under -e."""
    program = 'BEGIN { copyoutstr("x", 4096, 2); exit(0); }'
    res = run_dtrace(["-n", program])
    assert res.status == 1
    assert res.err == ("dtrace: description 'BEGIN ' matched 1 probe\n"
                       "dtrace: could not enable tracing: Destructive actions not allowed\n")
    assert run_dtrace(["-e", "-n", program]).status == 0


COPYOUT = """
syscall::write:entry
/pid == $target && arg2 == 32/
{
	copyout("UPPER", arg1, 5);
	copyoutstr("AB", arg1 + 10, 8);
	copyoutstr("truncated", arg1 + 18, 4);
	p = (char *)alloca(3);
	p[0] = 'X'; p[1] = 'Y'; p[2] = 'Z';
	copyout(p, arg1 + 27, 3);
}
"""


def test_copyout_rewrites_the_process_buffer(workloads: dict[str, str]) -> None:
    res = run_dtrace(["-q", "-w", "-c", workloads["overwrite"], "-n", COPYOUT])
    if "lockdown" in res.err:
        assert res.err == ("dtrace: failed to enable syscall:vmlinux:write:entry: copyout( ) and "
                           "copyoutstr( ) are unavailable: this kernel does not let BPF programs "
                           "write user memory (lockdown)\n")
        pytest.skip("the kernel is locked down: BPF may not write user memory")
    assert res.status == 0, res.err
    # the workload shows its buffer (NUL as '|') on stderr after the write
    assert res.err == "UPPERcase AB|ters trunmore XYZt.\n"


def test_copyinstr_reads_at_most_strsize_bytes(workloads: dict[str, str]) -> None:
    """As in DTrace: min(maxlen, strsize) bytes, the NUL among them."""
    res = run_dtrace([
        "-q", "-x", "strsize=5", "-c", workloads["userbuf"], "-n",
        "syscall::write:entry /pid == $target && arg2 == 16/ { printf(\"[%s] [%s] [%s]\\n\", "
        "copyinstr(arg1), copyinstr(arg1, 3), copyinstr(arg1, 100)); exit(0); }"])
    assert (res.status, res.out, res.err) == (0, "[copy] [co] [copy]\n\n", "")
