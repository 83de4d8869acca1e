"""strcmp() of two D strings in BPF, eight bytes at a time.

The verifier walks a loop once per iteration and keeps a history of the
jumps it took; a byte-at-a-time loop over two long strings, repeated a few
times in one clause, exceeds the kernel's limit of 8192 jumps.  Comparing
whole words while they are equal and free of NUL bytes takes an eighth of
the iterations; the word where the strings part (or end) is then compared
byte by byte, unrolled.  Only whole words inside the bound ``n`` are read,
and the tail is compared byte by byte, so no byte past ``n`` is touched.
"""

from __future__ import annotations

from .asm import DW, R0, R1, R2, R3, R4, R5, Asm, Reg

#: a word has a NUL byte when (w - ONES) & ~w & HIGHS is not zero
ONES = 0x0101010101010101
HIGHS = 0x8080808080808080
BYTE = 0x10  # BPF_B


def emit_strcmp(asm: Asm, n: int) -> None:
    """R0 = <0, 0 or >0 as the strings at R1 and R2 compare within ``n``
    bytes (unsigned bytes, as strcmp).  Clobbers R1-R5."""
    equal, differ, out = (asm.new_label(x) for x in ("se", "sd", "so"))
    tail, tail_differ = asm.new_label("st"), asm.new_label("std")
    asm.mov(R3, 0)
    if n >= 8:
        words, in_word = asm.new_label("sw"), asm.new_label("sb")
        asm.label(words)
        asm.jcc("jgt", R3, n - 8, tail)
        asm.ldx(DW, R4, R1, 0)
        asm.ldx(DW, R5, R2, 0)
        asm.jne(R4, Reg(R5), in_word)
        asm.ld_imm64(R5, ONES)
        asm.mov(R0, Reg(R4))
        asm.sub(R0, Reg(R5))
        asm.xor(R4, -1)
        asm.and_(R0, Reg(R4))
        asm.ld_imm64(R5, HIGHS)
        asm.and_(R0, Reg(R5))
        asm.jne(R0, 0, equal)  # the word ends both strings
        asm.add(R1, 8)
        asm.add(R2, 8)
        asm.add(R3, 8)
        asm.ja(words)
        # the words differ: the first byte that differs, or a NUL before it,
        # decides (x86 and arm64 BPF are little-endian: byte 0 is lowest)
        asm.label(in_word)
        for k in range(8):
            asm.mov(R0, Reg(R4))
            asm.mov(R3, Reg(R5))
            if k:
                asm.rsh(R0, 8 * k)
                asm.rsh(R3, 8 * k)
            asm.and_(R0, 0xFF)
            asm.and_(R3, 0xFF)
            asm.jne(R0, Reg(R3), differ)
            asm.jeq(R0, 0, equal)
        asm.ja(equal)  # not reached: the words differ in some byte
    asm.label(tail)
    asm.jcc("jge", R3, n, equal)
    asm.ldx(BYTE, R0, R1, 0)
    asm.ldx(BYTE, R4, R2, 0)
    asm.jne(R0, Reg(R4), tail_differ)
    asm.jeq(R0, 0, equal)
    asm.add(R1, 1)
    asm.add(R2, 1)
    asm.add(R3, 1)
    asm.ja(tail)
    asm.label(tail_differ)
    asm.sub(R0, Reg(R4))
    asm.ja(out)
    if n >= 8:  # the verifier refuses code no jump reaches
        asm.label(differ)
        asm.sub(R0, Reg(R3))
        asm.ja(out)
    asm.label(equal)
    asm.mov(R0, 0)
    asm.label(out)
