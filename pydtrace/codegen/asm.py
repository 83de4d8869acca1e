"""A small BPF assembler: emitting an instruction reads like the instruction.

    asm.mov(R1, 0)
    asm.ld_map_fd(R1, "aggs")
    asm.call(Helper.map_lookup_elem)
    asm.jeq(R0, 0, "miss")
    asm.label("miss")

Labels resolve when the program is assembled; map references stay symbolic
until then and become BPF_PSEUDO_MAP_FD / BPF_PSEUDO_MAP_VALUE relocations.
The same :class:`Insn` objects feed the loader and the ``-S`` disassembler.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass

R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10 = range(11)
FP = R10

# instruction classes
LD, LDX, ST, STX, ALU, JMP, JMP32, ALU64 = range(8)
# sizes
W, H, B, DW = 0x00, 0x08, 0x10, 0x18
SIZE_BYTES = {W: 4, H: 2, B: 1, DW: 8}
BYTES_SIZE = {v: k for k, v in SIZE_BYTES.items()}
# modes
IMM, MEM, ATOMIC = 0x00, 0x60, 0xC0
#: the immediate of an atomic add that also returns the old value (BPF_ADD | BPF_FETCH)
ATOMIC_FETCH_ADD = 0x01
# sources
K, X = 0x00, 0x08

ALU_OPS = {
    "add": 0x00, "sub": 0x10, "mul": 0x20, "div": 0x30, "or": 0x40, "and": 0x50,
    "lsh": 0x60, "rsh": 0x70, "neg": 0x80, "mod": 0x90, "xor": 0xA0, "mov": 0xB0,
    "arsh": 0xC0, "end": 0xD0,
}
JMP_OPS = {
    "ja": 0x00, "jeq": 0x10, "jgt": 0x20, "jge": 0x30, "jset": 0x40, "jne": 0x50,
    "jsgt": 0x60, "jsge": 0x70, "call": 0x80, "exit": 0x90, "jlt": 0xA0, "jle": 0xB0,
    "jslt": 0xC0, "jsle": 0xD0,
}
ALU_NAMES = {v: k for k, v in ALU_OPS.items()}
JMP_NAMES = {v: k for k, v in JMP_OPS.items()}

PSEUDO_MAP_FD = 1
PSEUDO_MAP_VALUE = 2
PSEUDO_CALL = 1
PSEUDO_FUNC = 4  # LD_IMM64 of a subprogram's address (a bpf_loop callback)

Operand = int  # a register number, or an immediate where the API says so


@dataclass
class Reg:
    """Wraps a register number where an API must tell registers from immediates."""

    n: int


@dataclass
class Insn:
    """One instruction (LD_IMM64 counts as one Insn and two slots)."""

    code: int
    dst: int = 0
    src: int = 0
    off: int = 0
    imm: int = 0
    #: jump target label, resolved at assembly
    target: str | None = None
    #: for LD_IMM64: the full 64-bit value, or a map reference
    imm64: int | None = None
    map_name: str | None = None
    map_offset: int = 0
    comment: str | None = None

    @property
    def slots(self) -> int:
        return 2 if self.code == (LD | IMM | DW) else 1


class AsmError(Exception):
    pass


class Asm:
    """Accumulates instructions and labels for one BPF program."""

    def __init__(self) -> None:
        self.insns: list[Insn] = []
        self.labels: dict[str, int] = {}  # label -> index into insns
        self._label_seq = 0
        #: subprograms to emit after the main program (callbacks), by label
        self.trailers: dict[str, Callable[[Asm], None]] = {}

    # -- bookkeeping -------------------------------------------------------

    def new_label(self, hint: str = "L") -> str:
        self._label_seq += 1
        return f".{hint}{self._label_seq}"

    def label(self, name: str) -> None:
        if name in self.labels:
            raise AsmError(f"label {name} defined twice")
        self.labels[name] = len(self.insns)

    def emit(self, insn: Insn) -> Insn:
        self.insns.append(insn)
        return insn

    def extend(self, other: Asm) -> None:
        """Append another program's instructions; its labels must not clash."""
        base = len(self.insns)
        for name, idx in other.labels.items():
            if name in self.labels:
                raise AsmError(f"label {name} defined twice")
            self.labels[name] = base + idx
        self.insns.extend(other.insns)

    # -- ALU ----------------------------------------------------------------

    def _alu(self, op: str, dst: int, src: int | Reg, cls: int = ALU64, off: int = 0) -> None:
        if isinstance(src, Reg):
            self.emit(Insn(ALU_OPS[op] | X | cls, dst, src.n, off, 0))
        else:
            if not -(2**31) <= src < 2**31:
                raise AsmError(f"immediate {src} does not fit 32 bits")
            self.emit(Insn(ALU_OPS[op] | K | cls, dst, 0, off, src))

    def mov(self, dst: int, src: int | Reg) -> None:
        self._alu("mov", dst, src)

    def mov32(self, dst: int, src: int | Reg) -> None:
        self._alu("mov", dst, src, ALU)

    def add(self, dst: int, src: int | Reg) -> None:
        self._alu("add", dst, src)

    def sub(self, dst: int, src: int | Reg) -> None:
        self._alu("sub", dst, src)

    def mul(self, dst: int, src: int | Reg) -> None:
        self._alu("mul", dst, src)

    def div(self, dst: int, src: int | Reg) -> None:
        self._alu("div", dst, src)

    def sdiv(self, dst: int, src: int | Reg) -> None:
        self._alu("div", dst, src, off=1)

    def mod(self, dst: int, src: int | Reg) -> None:
        self._alu("mod", dst, src)

    def smod(self, dst: int, src: int | Reg) -> None:
        self._alu("mod", dst, src, off=1)

    def and_(self, dst: int, src: int | Reg) -> None:
        self._alu("and", dst, src)

    def or_(self, dst: int, src: int | Reg) -> None:
        self._alu("or", dst, src)

    def xor(self, dst: int, src: int | Reg) -> None:
        self._alu("xor", dst, src)

    def lsh(self, dst: int, src: int | Reg) -> None:
        self._alu("lsh", dst, src)

    def rsh(self, dst: int, src: int | Reg) -> None:
        self._alu("rsh", dst, src)

    def arsh(self, dst: int, src: int | Reg) -> None:
        self._alu("arsh", dst, src)

    def neg(self, dst: int) -> None:
        self.emit(Insn(ALU_OPS["neg"] | K | ALU64, dst))

    def alu(self, op: str, dst: int, src: int | Reg) -> None:
        """Generic form used by expression code generation."""
        getattr(self, {"and": "and_", "or": "or_"}.get(op, op))(dst, src)

    def ld_imm64(self, dst: int, value: int) -> None:
        value &= 2**64 - 1
        self.emit(Insn(LD | IMM | DW, dst, 0, 0, 0, imm64=value))

    def mov_imm(self, dst: int, value: int) -> None:
        """Load any 64-bit constant, with the short form where it fits."""
        if -(2**31) <= value < 2**31:
            self.mov(dst, value)
        else:
            self.ld_imm64(dst, value)

    def ld_map_fd(self, dst: int, map_name: str) -> None:
        self.emit(Insn(LD | IMM | DW, dst, PSEUDO_MAP_FD, map_name=map_name))

    def ld_map_value(self, dst: int, map_name: str, offset: int = 0) -> None:
        """dst = address of byte ``offset`` of element 0 of an array map."""
        self.emit(Insn(LD | IMM | DW, dst, PSEUDO_MAP_VALUE, map_name=map_name, map_offset=offset))

    # -- memory -------------------------------------------------------------

    def ldx(self, size: int, dst: int, src: int, off: int) -> None:
        self.emit(Insn(LDX | MEM | size, dst, src, off))

    def stx(self, size: int, dst: int, off: int, src: int) -> None:
        self.emit(Insn(STX | MEM | size, dst, src, off))

    def st(self, size: int, dst: int, off: int, imm: int) -> None:
        self.emit(Insn(ST | MEM | size, dst, 0, off, imm))

    def xadd(self, size: int, dst: int, off: int, src: int) -> None:
        """Atomic ``*(dst + off) += src``."""
        self.emit(Insn(STX | ATOMIC | size, dst, src, off, 0x00))

    def fetch_add(self, size: int, dst: int, off: int, src: int) -> None:
        """Atomic ``src = fetch(*(dst + off)); *(dst + off) += src`` (the old value)."""
        self.emit(Insn(STX | ATOMIC | size, dst, src, off, ATOMIC_FETCH_ADD))

    # -- control ------------------------------------------------------------

    def ja(self, target: str) -> None:
        self.emit(Insn(JMP | JMP_OPS["ja"], target=target))

    def jcc(self, op: str, dst: int, src: int | Reg, target: str) -> None:
        if isinstance(src, Reg):
            self.emit(Insn(JMP | X | JMP_OPS[op], dst, src.n, target=target))
        else:
            if not -(2**31) <= src < 2**31:
                raise AsmError(f"immediate {src} does not fit 32 bits")
            self.emit(Insn(JMP | K | JMP_OPS[op], dst, 0, imm=src, target=target))

    def jeq(self, dst: int, src: int | Reg, target: str) -> None:
        self.jcc("jeq", dst, src, target)

    def jne(self, dst: int, src: int | Reg, target: str) -> None:
        self.jcc("jne", dst, src, target)

    def call(self, helper: int, comment: str | None = None) -> None:
        self.emit(Insn(JMP | JMP_OPS["call"], imm=int(helper), comment=comment))

    def call_local(self, target: str) -> None:
        """A BPF-to-BPF call of the subprogram at ``target``."""
        self.emit(Insn(JMP | JMP_OPS["call"], src=PSEUDO_CALL, target=target))

    def ld_func(self, dst: int, target: str) -> None:
        """dst = the subprogram at ``target``, for helpers that take a callback."""
        self.emit(Insn(LD | IMM | DW, dst, PSEUDO_FUNC, target=target))

    def exit(self) -> None:
        self.emit(Insn(JMP | JMP_OPS["exit"]))

    # -- output -------------------------------------------------------------

    def resolve(self) -> list[int]:
        """Slot index of every instruction (LD_IMM64 takes two)."""
        slots, pos = [], 0
        for insn in self.insns:
            slots.append(pos)
            pos += insn.slots
        slots.append(pos)
        return slots

    def assemble(self, map_fds: dict[str, int] | None = None) -> bytes:
        """Encode; map references become fds from ``map_fds`` (0 if absent)."""
        map_fds = map_fds or {}
        slots = self.resolve()
        out = bytearray()
        for i, insn in enumerate(self.insns):
            off = insn.off
            imm = insn.imm
            if insn.target is not None:
                if insn.target not in self.labels:
                    raise AsmError(f"undefined label {insn.target}")
                off = slots[self.labels[insn.target]] - (slots[i] + 1)
                if insn.code == JMP | JMP_OPS["call"]:
                    imm, off = off, 0  # a local call's displacement is its imm
                elif insn.slots == 2:
                    imm, off = off, 0  # so is a subprogram address's
                elif not -(2**15) <= off < 2**15:
                    raise AsmError("jump too far")
            if insn.slots == 2:
                if insn.map_name is not None:
                    lo, hi = map_fds.get(insn.map_name, 0), insn.map_offset
                elif insn.target is not None:
                    lo, hi = imm, 0
                else:
                    v = insn.imm64 or 0
                    lo, hi = v & 0xFFFFFFFF, v >> 32
                out += _encode(insn.code, insn.dst, insn.src, 0, _s32(lo))
                out += _encode(0, 0, 0, 0, _s32(hi))
            else:
                out += _encode(insn.code, insn.dst, insn.src, off, imm)
        return bytes(out)

    def subprogram_starts(self) -> list[int]:
        """Slot offsets where subprograms begin (0 is the program itself)."""
        slots = self.resolve()
        starts = {0}
        for insn in self.insns:
            local_call = insn.code == JMP | JMP_OPS["call"] and insn.src == PSEUDO_CALL
            callback = insn.slots == 2 and insn.src == PSEUDO_FUNC
            if insn.target is not None and (local_call or callback):
                starts.add(slots[self.labels[insn.target]])
        return sorted(starts)

    @property
    def has_callbacks(self) -> bool:
        return any(i.slots == 2 and i.src == PSEUDO_FUNC and i.target for i in self.insns)

    @property
    def slot_count(self) -> int:
        return self.resolve()[-1]


def _s32(v: int) -> int:
    v &= 0xFFFFFFFF
    return v - 2**32 if v >= 2**31 else v


_INSN = struct.Struct("<BBhi")


def _encode(code: int, dst: int, src: int, off: int, imm: int) -> bytes:
    return _INSN.pack(code, (src << 4) | dst, off, imm)
