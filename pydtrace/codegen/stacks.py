"""stack() and ustack() records: program counters from bpf_get_stack().

A kernel stack is ``frames`` program counters.  A user stack starts with the
process id, since its addresses mean something only in that process's address
space: the consumer reads that process's maps to name them.  Slots the kernel
does not fill stay 0, where the consumer stops.
"""

from __future__ import annotations

from collections.abc import Callable

from ..bpf.consts import Helper
from .asm import DW, FP, R0, R1, R2, R3, R4, Asm
from .regs import FP_CTX

BPF_F_USER_STACK = 1 << 8

#: bytes before the program counters of a user stack (the pid)
USTACK_HEADER = 8


def stack_bytes(kind: str, frames: int) -> int:
    return frames * 8 + (USTACK_HEADER if kind == "ustack" else 0)


def emit_stack(asm: Asm, kind: str, base: Callable[[int], None], offset: int, size: int) -> None:
    """Fill ``size`` bytes at ``base + offset`` with a stack of ``kind``.

    ``base(reg)`` loads the address of the record or key into ``reg``.
    """
    base(R1)
    for i in range(0, size, 8):
        asm.st(DW, R1, offset + i, 0)
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
