"""sdt:<system>::<event> — every kernel tracepoint under tracefs events/.

Arguments are the event's format fields in order (the common_* fields left
out): integers are loaded with their width and sign, arrays and __data_loc
strings are passed as the address of their bytes in the record.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..bpf.consts import ProgType
from ..codegen.asm import BYTES_SIZE, DW, R1, R2, R6, R9, Asm, Reg
from ..codegen.context import MS_ARGS
from ..types import tracefs
from .base import Attachment, Probe, ProbeDef, TracefsProvider, attach_tracepoint, zero_args


class SdtProvider(TracefsProvider):
    name = "sdt"
    prog_type = ProgType.TRACEPOINT

    def probes(self) -> Iterable[ProbeDef]:
        for system, event in tracefs.list_events(self.tracefs):
            if system in ("ftrace",):
                continue
            yield ProbeDef(system, "", event)

    def _fields(self, probe: Probe) -> tuple:
        fmt = tracefs.read_format(self.tracefs, probe.info.module, probe.info.name)
        return fmt.fields[:10]

    def arg_types(self, probe: Probe) -> list[tuple[str, str]]:
        out = []
        for f in self._fields(probe):
            ctype = f.c_type
            if f.is_data_loc or f.array_len is not None:
                ctype = f.elem_type + " *"
            out.append((ctype, f.name))
        return out

    def trampoline(self, asm: Asm, probe: Probe, needed: frozenset[int]) -> None:
        fields = self._fields(probe)
        for i, f in enumerate(fields):
            if i not in needed:
                continue
            slot = MS_ARGS + 8 * i
            if f.is_data_loc or f.is_rel_loc:
                # low 16 bits: offset of the data (from the record, or for
                # __rel_loc from the end of the field itself)
                asm.ldx(0x00, R2, R6, f.offset)  # u32
                asm.and_(R2, 0xFFFF)
                if f.is_rel_loc:
                    asm.add(R2, f.offset + f.size)
                asm.mov(R1, Reg(R6))
                asm.add(R1, Reg(R2))
            elif f.array_len is not None or f.size not in BYTES_SIZE:
                asm.mov(R1, Reg(R6))
                asm.add(R1, f.offset)
            else:
                asm.ldx(BYTES_SIZE[f.size], R1, R6, f.offset)
                if f.signed and f.size < 8:
                    bits = 64 - 8 * f.size
                    asm.lsh(R1, bits)
                    asm.arsh(R1, bits)
            asm.stx(DW, R9, slot, R1)
        zero_args(asm, len(fields), needed)

    def attach(self, probe: Probe, prog_fd: int) -> Attachment:
        return attach_tracepoint(probe.info.module, probe.info.name, prog_fd)
