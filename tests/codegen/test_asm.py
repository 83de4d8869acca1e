"""The BPF assembler's encodings and the -S disassembler's text."""

from __future__ import annotations

import pytest

from pydtrace.bpf.consts import Helper
from pydtrace.codegen.asm import DW, FP, R0, R1, R2, R6, Asm, AsmError, Reg, W
from pydtrace.codegen.disasm import describe, listing


def test_encodings() -> None:
    a = Asm()
    a.mov(R0, 7)
    a.mov(R6, Reg(R1))
    a.add(R1, -8)
    a.ldx(DW, R2, FP, -16)
    a.stx(W, R1, 4, R2)
    a.st(DW, R1, 8, 0)
    a.sdiv(R1, Reg(R2))
    a.call(Helper.ktime_get_ns)
    a.exit()
    assert a.assemble().hex(" ") == " ".join([
        "b7 00 00 00 07 00 00 00",  # mov r0, 7
        "bf 16 00 00 00 00 00 00",  # mov r6, r1
        "07 01 00 00 f8 ff ff ff",  # add r1, -8
        "79 a2 f0 ff 00 00 00 00",  # ldxdw r2, [fp-16]
        "63 21 04 00 00 00 00 00",  # stxw [r1+4], r2
        "7a 01 08 00 00 00 00 00",  # stdw [r1+8], 0
        "3f 21 01 00 00 00 00 00",  # sdiv r1, r2 (off=1)
        "85 00 00 00 05 00 00 00",  # call 5
        "95 00 00 00 00 00 00 00",  # exit
    ])


def test_labels_count_wide_instructions_as_two_slots() -> None:
    a = Asm()
    a.jeq(R1, 0, "out")
    a.ld_imm64(R2, 0x1122334455667788)
    a.ja("out")
    a.label("out")
    a.exit()
    code = a.assemble()
    assert code[:8].hex(" ") == "15 01 03 00 00 00 00 00"  # skips ld_imm64 (2) + ja (1)
    assert code[8:24].hex(" ") == "18 02 00 00 88 77 66 55 00 00 00 00 44 33 22 11"
    assert code[24:32].hex(" ") == "05 00 00 00 00 00 00 00"


def test_map_references_become_relocations() -> None:
    a = Asm()
    a.ld_map_fd(R1, "events")
    a.ld_map_value(R2, "globals", 24)
    code = a.assemble({"events": 5, "globals": 9})
    assert code[:16].hex(" ") == "18 11 00 00 05 00 00 00 00 00 00 00 00 00 00 00"
    assert code[16:].hex(" ") == "18 22 00 00 09 00 00 00 00 00 00 00 18 00 00 00"


def test_errors() -> None:
    a = Asm()
    a.ja("nowhere")
    with pytest.raises(AsmError, match="undefined label nowhere"):
        a.assemble()
    with pytest.raises(AsmError, match="does not fit 32 bits"):
        a.mov(R0, 1 << 32)


def test_disassembly_reads_like_assembly() -> None:
    a = Asm()
    a.ld_map_fd(R1, "mstate")
    a.jne(R0, 0, "hit")
    a.call(Helper.map_lookup_elem)
    a.label("hit")
    a.xadd(DW, R0, 0, R1)
    a.exit()
    text = listing(a, "probe dtrace:::BEGIN")
    assert text == (
        "Disassembly of probe dtrace:::BEGIN:\n"
        "INS  OPCODE                   INSTRUCTION\n"
        "000: 18 11 00 00 00 00 00 00  lddw %r1, map:mstate\n"
        "002: 55 00 01 00 00 00 00 00  jne %r0, 0, hit\n"
        "003: 85 00 00 00 01 00 00 00  call map_lookup_elem\n"
        "hit:\n"
        "004: db 10 00 00 00 00 00 00  xadddw [%r0+0], %r1\n"
        "005: 95 00 00 00 00 00 00 00  exit\n"
    )
    assert describe(a.insns[0]) == "lddw %r1, map:mstate"


def test_fetch_add_returns_the_old_value() -> None:
    a = Asm()
    a.fetch_add(DW, R1, 16, R2)
    assert a.assemble().hex(" ") == "db 21 10 00 01 00 00 00"  # BPF_ADD | BPF_FETCH
    assert describe(a.insns[0]) == "fetch_adddw [%r1+16], %r2"
