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
    res = run_dtrace(["-qn", 'BEGIN { copyoutstr("x", 4096, 2); exit(0); }'])
    assert res.status == 1
    assert res.err == "dtrace: could not enable tracing: Destructive actions not allowed\n"


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
