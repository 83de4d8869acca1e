"""Prototypes of D's subroutines: arity, argument kinds, result type.

The checker reports DTrace's own D_PROTO_LEN / D_PROTO_ARG messages from
this table, and asks it for the result type of a call.  A string result
carries a bound where one is known from the arguments (``toupper(execname)``
fits in 16 bytes), so code generation can size buffers and copies to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import CompileError
from ..types.dtypes import (
    C_INTEGERS,
    INT,
    STRING,
    UINT32,
    UINT64,
    VOID,
    VOIDPTR,
    ArrayType,
    DType,
    IntType,
    bounded_string,
)

#: what an argument must be: a string (or char pointer), an integer, memory,
#: or a pointer (to one of the types a Param names, or void)
STR, NUM, MEM, PTR = "string", "integer", "memory", "pointer"

#: bytes lltostr() needs: "-9223372036854775808" and NUL; 64 binary digits and NUL
LLTOSTR_DEC = 21
LLTOSTR_ANY = 65


@dataclass(frozen=True)
class Param:
    kind: str
    #: the C type DTrace names in "prototype:" lines
    proto: str
    optional: bool = False
    #: a pointer parameter: the pointee types it takes besides void (any if empty)
    of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Subr:
    name: str
    params: tuple[Param, ...]
    #: the result type from the argument types
    result: Callable[[list[DType]], DType]

    @property
    def required(self) -> int:
        return sum(1 for p in self.params if not p.optional)


def _fixed(t: DType) -> Callable[[list[DType]], DType]:
    return lambda args: t


def _bound(t: DType) -> int:
    """A string argument's bound in bytes (0: strsize); pointers are unbounded."""
    return t.size if t.is_string else 0


def _like_first(args: list[DType]) -> DType:
    """A result never longer than the first argument (substr, strchr, ...)."""
    return bounded_string(_bound(args[0]))


def _path_part(args: list[DType]) -> DType:
    """basename("") and dirname("") are ".", which needs two bytes."""
    n = _bound(args[0])
    return bounded_string(max(n, 2) if n else 0)


def _join(args: list[DType]) -> DType:
    a, b = _bound(args[0]), _bound(args[1])
    return bounded_string(a + b - 1 if a and b else 0)


def _lltostr(args: list[DType]) -> DType:
    return bounded_string(LLTOSTR_ANY if len(args) > 1 else LLTOSTR_DEC)


S = Param(STR, "char *")
I = Param(NUM, "int")  # noqa: E741 - reads like the prototype
OPT_I = Param(NUM, "int", optional=True)
U16, U32, U64 = Param(NUM, "uint16_t"), Param(NUM, "uint32_t"), Param(NUM, "uint64_t")
UINT16 = IntType("uint16_t", 2, False)
SIZE, UPTR = Param(NUM, "size_t"), Param(NUM, "uintptr_t")
VOID_P = Param(MEM, "void *")

MUTEX = Param(PTR, "struct mutex *", of=("struct mutex",))
RWLOCK = Param(PTR, "rwlock_t *", of=("rwlock_t",))
DEV_T = IntType("dev_t", 4, False)


def _task_pointer(args: list[DType]) -> DType:
    from ..types.kernel import curthread_type

    return curthread_type()


SUBRS: dict[str, Subr] = {
    s.name: s
    for s in (
        Subr("copyinstr", (Param(NUM, "uintptr_t"), Param(NUM, "size_t", optional=True)),
             _fixed(STRING)),
        Subr("strlen", (S,), _fixed(C_INTEGERS["size_t"])),
        Subr("strjoin", (S, S), _join),
        Subr("substr", (S, I, OPT_I), _like_first),
        Subr("index", (S, S, OPT_I), _fixed(INT)),
        Subr("rindex", (S, S, OPT_I), _fixed(INT)),
        Subr("strchr", (S, Param(NUM, "char")), _like_first),
        Subr("strrchr", (S, Param(NUM, "char")), _like_first),
        Subr("strstr", (S, S), _like_first),
        Subr("strtok", (S, S), _fixed(STRING)),
        Subr("lltostr", (Param(NUM, "int64_t"), OPT_I), _lltostr),
        Subr("basename", (S,), _path_part),
        Subr("dirname", (S,), _path_part),
        Subr("cleanpath", (S,), _like_first),
        Subr("toupper", (S,), _like_first),
        Subr("tolower", (S,), _like_first),
        Subr("htons", (U16,), _fixed(UINT16)),
        Subr("ntohs", (U16,), _fixed(UINT16)),
        Subr("htonl", (U32,), _fixed(UINT32)),
        Subr("ntohl", (U32,), _fixed(UINT32)),
        Subr("htonll", (U64,), _fixed(UINT64)),
        Subr("ntohll", (U64,), _fixed(UINT64)),
        Subr("inet_ntoa", (Param(PTR, "ipaddr_t *", of=("ipaddr_t", "uint32_t")),),
             _fixed(bounded_string(16))),
        Subr("inet_ntoa6", (Param(PTR, "struct in6_addr *", of=("struct in6_addr",)),
                            Param(NUM, "int", optional=True)), _fixed(bounded_string(40))),
        Subr("inet_ntop", (I, Param(PTR, "void *")), _fixed(bounded_string(40))),
        Subr("link_ntop", (I, Param(PTR, "void *")), _fixed(bounded_string(60))),
        Subr("mutex_owned", (MUTEX,), _fixed(INT)),
        Subr("mutex_owner", (MUTEX,), _task_pointer),
        Subr("mutex_type_adaptive", (MUTEX,), _fixed(INT)),
        Subr("mutex_type_spin", (MUTEX,), _fixed(INT)),
        Subr("rw_read_held", (RWLOCK,), _fixed(INT)),
        Subr("rw_write_held", (RWLOCK,), _fixed(INT)),
        Subr("rw_iswriter", (RWLOCK,), _fixed(INT)),
        Subr("getmajor", (Param(NUM, "dev_t"),), _fixed(DEV_T)),
        Subr("getminor", (Param(NUM, "dev_t"),), _fixed(DEV_T)),
        Subr("progenyof", (Param(NUM, "pid_t"),), _fixed(INT)),
        Subr("d_path", (Param(PTR, "struct path *", of=("struct path",)),), _fixed(STRING)),
        # the D library's (pr_psargs): the current process's arguments in its
        # memory [start, end), each NUL but the last one a space
        Subr("__psargs", (UPTR, UPTR), _fixed(bounded_string(80))),
        # the D library's (fileinfo_t fi_mount): where a file system is mounted
        Subr("__mount_path", (Param(PTR, "struct vfsmount *", of=("struct vfsmount",)),),
             _fixed(STRING)),
        # the D library's (cpuinfo_t): a CPU's package (0) or NUMA node (1)
        Subr("__cpu_topology", (I, I), _fixed(INT)),
        Subr("ddi_pathname", (Param(PTR, "void *"), Param(NUM, "int64_t")), _fixed(STRING)),
        Subr("rand", (), _fixed(INT)),
        Subr("speculation", (), _fixed(INT)),
        Subr("alloca", (SIZE,), _fixed(VOIDPTR)),
        Subr("bcopy", (VOID_P, VOID_P, SIZE), _fixed(VOID)),
        Subr("copyin", (UPTR, SIZE), _fixed(VOIDPTR)),
        Subr("copyinto", (UPTR, SIZE, VOID_P), _fixed(VOID)),
        Subr("copyout", (VOID_P, UPTR, SIZE), _fixed(VOID)),
        Subr("copyoutstr", (S, UPTR, SIZE), _fixed(VOID)),
    )
}


def check_call(subr: Subr, args: list[DType], line: int, nulls: list[bool] | None = None) -> DType:
    """DTrace's argument checks for a call; the call's result type.

    ``nulls`` tells which arguments are the constant NULL, which a string
    parameter accepts (the call then faults at run time, as in DTrace).
    """
    nulls = nulls or [False] * len(args)
    n, lo, hi = len(args), subr.required, len(subr.params)
    if not lo <= n <= hi:
        # DTrace says "at least"/"at most" only for prototypes with optional arguments
        cmp = "" if lo == hi else ("at least " if n < lo else "at most ")
        raise CompileError(
            f"{subr.name}( ) prototype mismatch: {n} arg{'' if n == 1 else 's'} passed, "
            f"{cmp}{lo if n < lo else hi} expected",
            "D_PROTO_LEN",
            line,
        )
    for i, (param, t) in enumerate(zip(subr.params, args, strict=False)):
        if not accepts(param, t) and not (param.kind in (STR, PTR) and nulls[i] and t.is_integer):
            raise CompileError(
                f"{subr.name}( ) argument #{i + 1} is incompatible with prototype:\n"
                f"\tprototype: {param.proto}\n\t argument: {t}",
                "D_PROTO_ARG",
                line,
            )
    return subr.result(args)


def accepts(param: Param, t: DType) -> bool:
    if param.kind == MEM:
        # memory: a string, a pointer, or an array (its address)
        return t.is_string or t.is_pointer or isinstance(t, ArrayType)
    if param.kind == STR:
        # a char pointer is read as a string, as DTrace does
        return t.is_string or t.is_pointer
    if param.kind == PTR:
        if isinstance(t, ArrayType):  # an array stands for its first element's address
            return not param.of
        target = getattr(t, "target", None)
        return t.is_pointer and (not param.of or target is None or target.size == 0
                                 and str(target) == "void" or _unqualified(target) in param.of
                                 or any(_same_integer(target, name) for name in param.of))
    return t.is_integer


def _unqualified(t: DType) -> str:
    """A type's name without const and volatile (a const struct path * may
    be passed where the prototype says struct path *, as in DTrace)."""
    words = str(t).split()
    return " ".join(w for w in words if w not in ("const", "volatile"))


def _same_integer(t: DType, name: str) -> bool:
    """Whether ``t`` is the integer type ``name`` under another typedef
    (the kernel's __be32 is a uint32_t, as DTrace sees through typedefs)."""
    want = C_INTEGERS.get(name)
    return want is not None and isinstance(t, IntType) and \
        (t.size, t.signed) == (want.size, want.signed)
