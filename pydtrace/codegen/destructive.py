"""Destructive actions done in the probe itself: raise(), stop(), chill().

panic() and breakpoint() are refused: a BPF program can neither panic the
kernel nor drop into a kernel debugger.  Whether destructive actions may run
at all is decided when tracing starts (see :func:`uses_destructive`).
"""

from __future__ import annotations

import signal
from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..errors import CompileError
from ..lang import ast
from ..lang.actprotos import DESTRUCTIVE
from ..lang.walk import nodes
from .asm import R0
from .faults import FAULT_ILLOP

if TYPE_CHECKING:
    from .clause import ClauseGen

EINVAL = 22


def uses_destructive(clauses: list[ast.Clause]) -> bool:
    """Does any clause call a destructive action?"""
    return any(isinstance(n, ast.Call) and n.name in DESTRUCTIVE
               for c in clauses for n in nodes(c))


def emit_kernel_action(cg: ClauseGen, call: ast.Call) -> None:
    g, asm = cg.g, cg.asm
    name = call.name
    if name in ("panic", "breakpoint"):
        raise CompileError(f"{name}( ) is not supported: a BPF program cannot "
                           f"{'panic the kernel' if name == 'panic' else 'stop the kernel'}",
                           "D_UNKNOWN", call.line)
    if name in ("raise", "stop"):
        if name == "raise":
            sig = g.gen(call.args[0])
            g.call(Helper.send_signal, sig)
            g.regs.release(sig)
        else:
            g.call(Helper.send_signal, int(signal.SIGSTOP))
        # a signal number the kernel does not know is an illegal operation
        asm.add(R0, EINVAL)
        cg.fault_if_zero(R0, FAULT_ILLOP)
        return
    if name == "chill":
        from .chill import emit_chill

        emit_chill(cg, call)
        return
    raise AssertionError(name)

