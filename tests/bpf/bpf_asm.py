"""A dozen hand encoders for BPF instructions, enough for the kernel-layer
tests (the real assembler lives in pydtrace.codegen and is tested there).

Each instruction is 8 bytes: opcode u8, dst:4 | src:4 u8, off s16, imm s32.
"""

from __future__ import annotations

import struct

from pydtrace.bpf import BPF_PSEUDO_MAP_FD, Helper

R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10 = range(11)


def insn(op: int, dst: int = 0, src: int = 0, off: int = 0, imm: int = 0) -> bytes:
    return struct.pack("<BBhi", op, dst | (src << 4), off, imm)


def mov_imm(dst: int, imm: int) -> bytes:
    return insn(0xB7, dst, imm=imm)  # BPF_ALU64 | BPF_MOV | BPF_K


def mov_reg(dst: int, src: int) -> bytes:
    return insn(0xBF, dst, src)  # BPF_ALU64 | BPF_MOV | BPF_X


def add_imm(dst: int, imm: int) -> bytes:
    return insn(0x07, dst, imm=imm)  # BPF_ALU64 | BPF_ADD | BPF_K


def add_reg(dst: int, src: int) -> bytes:
    return insn(0x0F, dst, src)  # BPF_ALU64 | BPF_ADD | BPF_X


def rsh_imm(dst: int, imm: int) -> bytes:
    return insn(0x77, dst, imm=imm)  # BPF_ALU64 | BPF_RSH | BPF_K


def ldx_dw(dst: int, src: int, off: int) -> bytes:
    return insn(0x79, dst, src, off)  # BPF_LDX | BPF_MEM | BPF_DW


def stx_dw(dst: int, off: int, src: int) -> bytes:
    return insn(0x7B, dst, src, off)  # BPF_STX | BPF_MEM | BPF_DW


def st_w(dst: int, off: int, imm: int) -> bytes:
    return insn(0x62, dst, off=off, imm=imm)  # BPF_ST | BPF_MEM | BPF_W


def st_dw(dst: int, off: int, imm: int) -> bytes:
    return insn(0x7A, dst, off=off, imm=imm)  # BPF_ST | BPF_MEM | BPF_DW


def atomic_add_dw(dst: int, off: int, src: int) -> bytes:
    return insn(0xDB, dst, src, off, imm=0x00)  # BPF_STX | BPF_ATOMIC | BPF_DW, BPF_ADD


def jeq_imm(dst: int, imm: int, off: int) -> bytes:
    return insn(0x15, dst, off=off, imm=imm)


def jne_imm(dst: int, imm: int, off: int) -> bytes:
    return insn(0x55, dst, off=off, imm=imm)


def jne_reg(dst: int, src: int, off: int) -> bytes:
    return insn(0x5D, dst, src, off=off)


def call(helper: Helper) -> bytes:
    return insn(0x85, imm=int(helper))


def exit_() -> bytes:
    return insn(0x95)


def ld_map_fd(dst: int, fd: int) -> bytes:
    """LD_IMM64 with src_reg BPF_PSEUDO_MAP_FD: the verifier turns the fd into
    the map's address.  Two instruction slots."""
    return insn(0x18, dst, BPF_PSEUDO_MAP_FD, imm=fd) + insn(0)


def count_into(map_fd: int, index: int = 0) -> bytes:
    """Atomically add 1 to the u64 at ``index`` of an array map; r0 = 0."""
    return b"".join(
        [
            st_w(R10, -4, index),
            ld_map_fd(R1, map_fd),
            mov_reg(R2, R10),
            add_imm(R2, -4),
            call(Helper.map_lookup_elem),
            jeq_imm(R0, 0, 2),
            mov_imm(R1, 1),
            atomic_add_dw(R0, 0, R1),
            mov_imm(R0, 0),
        ]
    )


def if_tgid(tgid: int, body: bytes) -> bytes:
    """Run ``body`` only in process ``tgid`` (other processes hit the same
    tracepoints); then ``r0 = 0; exit``."""
    n = len(body) // 8
    return b"".join(
        [
            call(Helper.get_current_pid_tgid),
            rsh_imm(R0, 32),
            jne_imm(R0, tgid, n),
            body,
            mov_imm(R0, 0),
            exit_(),
        ]
    )
