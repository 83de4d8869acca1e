"""Where intermediate values live while a clause runs.

Temporaries sit in the callee-saved registers R6-R8, so helper calls (which
clobber R0-R5) never disturb them; when a fourth is needed the oldest is
spilled to the BPF stack and reloaded when next used.  R0-R5 are only used
to set up calls and for short-lived work inside one emitting routine; R9
holds the machine-state pointer; R10 is the frame pointer.

Stack frame::

    fp-8   ctx pointer          fp-16  record pointer (ring buffer)
    fp-24  map key scratch      fp-32  and below: spill slots
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import CompileError
from ..types.dtypes import DType
from .asm import DW, FP, R6, R7, R8, Asm, Reg

FP_CTX = -8
FP_RECORD = -16
FP_KEY = -24
FP_SPILL_TOP = -32
#: the bottom 80 bytes keep the faulting probe's arguments while ERROR runs
FP_SAVED_ARGS = -512
STACK_LIMIT = FP_SAVED_ARGS + 80


@dataclass(eq=False)
class Temp:
    """An allocated intermediate value (integer or pointer)."""

    dtype: DType
    reg: int | None = None
    slot: int | None = None


class RegAlloc:
    def __init__(self, asm: Asm) -> None:
        self.asm = asm
        self.free: list[int] = [R8, R7, R6]
        self.live: list[Temp] = []  # temps currently in registers, oldest first
        self.free_slots: list[int] = []
        self.next_slot = FP_SPILL_TOP
        self.max_depth = 0

    def _take_reg(self, keep: tuple[Temp, ...] = ()) -> int:
        if self.free:
            return self.free.pop()
        for victim in self.live:
            if victim not in keep:
                self._spill(victim)
                return self.free.pop()
        raise CompileError("expression too complex", "D_UNKNOWN")

    def _spill(self, t: Temp) -> None:
        assert t.reg is not None
        slot = self._slot()
        self.asm.stx(DW, FP, slot, t.reg)
        self.free.append(t.reg)
        self.live.remove(t)
        t.reg, t.slot = None, slot

    def _slot(self) -> int:
        if self.free_slots:
            return self.free_slots.pop()
        slot = self.next_slot
        if slot < STACK_LIMIT:
            raise CompileError("expression too complex for the BPF stack", "D_UNKNOWN")
        self.next_slot -= 8
        self.max_depth = min(self.max_depth, slot)
        return slot

    def alloc(self, dtype: DType, keep: tuple[Temp, ...] = ()) -> Temp:
        t = Temp(dtype, self._take_reg(keep))
        self.live.append(t)
        return t

    def reg(self, t: Temp, *keep: Temp) -> int:
        """The register holding ``t``, reloading it if it was spilled."""
        if t.reg is None:
            r = self._take_reg((t, *keep))
            self.asm.ldx(DW, r, FP, t.slot)  # type: ignore[arg-type]
            self.free_slots.append(t.slot)  # type: ignore[arg-type]
            t.reg, t.slot = r, None
            self.live.append(t)
        return t.reg

    def load_into(self, dst: int, t: Temp) -> None:
        """Copy ``t`` into a call register (R1-R5) without disturbing it."""
        if t.reg is not None:
            self.asm.mov(dst, Reg(t.reg))
        else:
            self.asm.ldx(DW, dst, FP, t.slot)  # type: ignore[arg-type]

    def release(self, *temps: Temp) -> None:
        for t in temps:
            if t.reg is not None:
                self.live.remove(t)
                self.free.append(t.reg)
                t.reg = None
            elif t.slot is not None:
                self.free_slots.append(t.slot)
                t.slot = None

    def spill_all(self) -> None:
        """Put every live temp on the stack (before control-flow merges)."""
        for t in list(self.live):
            self._spill(t)
