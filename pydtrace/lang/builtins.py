"""D's built-in variables and the subroutines/actions the compiler knows."""

from __future__ import annotations

from ..types.dtypes import (
    COMM,
    GID_T,
    ID_T,
    INT,
    INT64,
    PID_T,
    PROCESSORID_T,
    STRING,
    UID_T,
    UINT,
    UINT32,
    UINT64,
    UINTPTR,
    VOIDPTR,
    DType,
)
from .aggfuncs import ARITY

BUILTIN_VARS: dict[str, DType] = {
    **{f"arg{i}": INT64 for i in range(10)},
    "pid": PID_T,
    "ppid": PID_T,
    "tid": ID_T,
    "uid": UID_T,
    "gid": GID_T,
    "execname": COMM,
    "cpu": PROCESSORID_T,
    "timestamp": UINT64,
    "vtimestamp": UINT64,
    "walltimestamp": INT64,
    "probeprov": STRING,
    "probemod": STRING,
    "probefunc": STRING,
    "probename": STRING,
    "errno": INT,
    "id": UINT,
    "epid": UINT,
    "curthread": VOIDPTR,
    "caller": UINTPTR,
    "ucaller": UINT64,
    "stackdepth": UINT32,
    "ustackdepth": UINT32,
}

#: actions that produce output records (data-recording actions); the consumer
#: carries out system(), freopen() and setopt() when their records arrive
RECORDING_ACTIONS = frozenset({"printf", "trace", "exit", "speculate", "commit", "discard",
                               "stack", "ustack", "sym", "func", "mod", "system", "freopen",
                               "setopt", "tracemem", "print", "usym", "ufunc", "uaddr",
                               "umod", "pcap"})

#: user-address actions: their records hold the process id, then the address
USER_SYMBOL_ACTIONS = frozenset({"usym", "ufunc", "uaddr", "umod"})

#: actions done in the probe itself, recording nothing (codegen/destructive.py)
KERNEL_ACTIONS = frozenset({"raise", "stop", "chill", "panic", "breakpoint"})

#: actions on whole aggregations, carried out by the consumer as DTrace's is
AGG_ACTIONS = frozenset({"printa", "clear", "trunc", "normalize", "denormalize"})

#: aggregating functions and their argument counts (min, max)
AGG_FUNCS = ARITY
