"""stack() and ustack() records: program counters from bpf_get_stack().

A kernel stack is ``frames`` program counters.  A user stack starts with the
process id, since its addresses mean something only in that process's address
space: the consumer reads that process's maps to name them.  Slots the kernel
does not fill stay 0, where the consumer stops.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..types.dtypes import DType
from .asm import DW, FP, R0, R1, R2, R3, R4, R9, Asm, Reg
from .regs import FP_CTX

if TYPE_CHECKING:
    from .expr import ExprGen
    from .regs import Temp

BPF_F_USER_STACK = 1 << 8

#: bytes before the program counters of a user stack (the pid)
USTACK_HEADER = 8


def stack_bytes(kind: str, frames: int) -> int:
    return frames * 8 + (USTACK_HEADER if kind == "ustack" else 0)


def stack_variable(g: ExprGen, name: str, dtype: DType) -> Temp:
    """caller/ucaller: the second frame of the stack (0 when there is none);
    stackdepth/ustackdepth: how many frames the kernel hands out."""
    asm = g.asm
    depth = name.endswith("depth")
    if name in ("stackdepth", "caller") and g.no_kernel_stack:
        return g.const(0, dtype)  # BEGIN and END have no kernel stack, as in DTrace
    frames = g.ctx.maxframes if depth else 2
    off = g.scratch.alloc(frames * 8)
    asm.st(DW, R9, off + 8, 0)
    asm.ldx(DW, R1, FP, FP_CTX)
    g.ms_addr(off)(R2)
    asm.mov(R3, frames * 8)
    asm.mov(R4, BPF_F_USER_STACK if name.startswith("u") else 0)
    asm.call(Helper.get_stack)
    t = g.regs.alloc(dtype)
    if depth:
        done = asm.new_label("depth")
        asm.mov(t.reg, 0)  # type: ignore[arg-type]
        asm.jcc("jslt", R0, 0, done)
        asm.mov(t.reg, Reg(R0))  # type: ignore[arg-type]
        asm.rsh(t.reg, 3)  # type: ignore[arg-type]
        asm.label(done)
    else:
        asm.ldx(DW, t.reg, R9, off + 8)  # type: ignore[arg-type]
    return t


def emit_stack(asm: Asm, kind: str, base: Callable[[int], None], offset: int, size: int,
               no_kernel_stack: bool = False) -> None:
    """Fill ``size`` bytes at ``base + offset`` with a stack of ``kind``.

    ``base(reg)`` loads the address of the record or key into ``reg``;
    ``no_kernel_stack``: a kernel stack stays empty (BEGIN and END).
    """
    base(R1)
    for i in range(0, size, 8):
        asm.st(DW, R1, offset + i, 0)
    if kind == "stack" and no_kernel_stack:
        return
    if kind == "ustack":
        asm.call(Helper.get_current_pid_tgid)
        asm.rsh(R0, 32)
        base(R1)
        asm.stx(DW, R1, offset, R0)
        offset += USTACK_HEADER
        size -= USTACK_HEADER
    asm.ldx(DW, R1, FP, FP_CTX)
    base(R2)
    asm.add(R2, offset)
    asm.mov(R3, size)
    asm.mov(R4, BPF_F_USER_STACK if kind == "ustack" else 0)
    asm.call(Helper.get_stack)
