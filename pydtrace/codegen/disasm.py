"""Readable listing of generated BPF programs, for ``dtrace -S``."""

from __future__ import annotations

from .asm import (
    ALU,
    ALU64,
    ALU_NAMES,
    ATOMIC,
    ATOMIC_FETCH_ADD,
    BYTES_SIZE,
    JMP,
    JMP32,
    JMP_NAMES,
    LD,
    LDX,
    PSEUDO_MAP_FD,
    SIZE_BYTES,
    ST,
    STX,
    Asm,
    Insn,
)

_SUFFIX = {1: "b", 2: "h", 4: "w", 8: "dw"}


def _reg(n: int) -> str:
    return "%fp" if n == 10 else f"%r{n}"


def _mem(base: int, off: int) -> str:
    return f"[{_reg(base)}{off:+d}]"


def _helper_name(imm: int) -> str:
    try:
        from ..bpf.consts import Helper

        return Helper(imm).name
    except (ImportError, ValueError):
        return str(imm)


def describe(insn: Insn, labels_at: dict[int, str] | None = None) -> str:
    """One instruction in assembler syntax."""
    cls = insn.code & 0x07
    if cls in (ALU, ALU64):
        op = ALU_NAMES.get(insn.code & 0xF0, "?")
        if op == "div" and insn.off == 1:
            op = "sdiv"
        if op == "mod" and insn.off == 1:
            op = "smod"
        name = op if cls == ALU64 else op + "32"
        if op == "neg":
            return f"{name} {_reg(insn.dst)}"
        src = _reg(insn.src) if insn.code & 0x08 else str(insn.imm)
        return f"{name} {_reg(insn.dst)}, {src}"
    if cls in (JMP, JMP32):
        if insn.code == 0xE5:  # BPF_JCOND: may_goto
            return f"may_goto {insn.target or f'{insn.off:+d}'}"
        op = JMP_NAMES.get(insn.code & 0xF0, "?")
        if op == "exit":
            return "exit"
        if op == "call":
            if insn.target is not None:
                return f"call {insn.target}"
            return f"call {_helper_name(insn.imm)}"
        target = insn.target or f"{insn.off:+d}"
        if op == "ja":
            return f"ja {target}"
        src = _reg(insn.src) if insn.code & 0x08 else str(insn.imm)
        return f"{op} {_reg(insn.dst)}, {src}, {target}"
    size = SIZE_BYTES.get(insn.code & 0x18, 8)
    sfx = _SUFFIX[size]
    if cls == LD:
        if insn.map_name is not None:
            if insn.src == PSEUDO_MAP_FD:
                return f"lddw {_reg(insn.dst)}, map:{insn.map_name}"
            return f"lddw {_reg(insn.dst)}, &map:{insn.map_name}+{insn.map_offset}"
        if insn.target is not None:
            return f"lddw {_reg(insn.dst)}, func:{insn.target}"
        return f"lddw {_reg(insn.dst)}, {insn.imm64:#x}"
    if cls == LDX:
        return f"ld{sfx} {_reg(insn.dst)}, {_mem(insn.src, insn.off)}"
    if cls == ST:
        return f"st{sfx} {_mem(insn.dst, insn.off)}, {insn.imm}"
    if cls == STX:
        if insn.code & 0xE0 == ATOMIC and insn.imm == ATOMIC_FETCH_ADD:
            return f"fetch_add{sfx} {_mem(insn.dst, insn.off)}, {_reg(insn.src)}"
        if insn.code & 0xE0 == ATOMIC:
            return f"xadd{sfx} {_mem(insn.dst, insn.off)}, {_reg(insn.src)}"
        return f"st{sfx} {_mem(insn.dst, insn.off)}, {_reg(insn.src)}"
    return f"?{insn.code:#x}"


def listing(asm: Asm, title: str) -> str:
    """The whole program: ``INS: OPCODE  INSTRUCTION`` lines with labels."""
    slots = asm.resolve()
    at: dict[int, list[str]] = {}
    for name, idx in asm.labels.items():
        at.setdefault(idx, []).append(name)
    raw = asm.assemble()
    lines = [f"Disassembly of {title}:", "INS  OPCODE                   INSTRUCTION"]
    for i, insn in enumerate(asm.insns):
        for name in at.get(i, []):
            lines.append(f"{name}:")
        pos = slots[i]
        code = raw[pos * 8 : pos * 8 + 8].hex(" ")
        text = describe(insn)
        if insn.comment:
            text = f"{text:<36} ! {insn.comment}"
        lines.append(f"{pos:03d}: {code}  {text}")
    for name in at.get(len(asm.insns), []):
        lines.append(f"{name}:")
    return "\n".join(lines) + "\n"


__all__ = ["describe", "listing", "BYTES_SIZE"]
