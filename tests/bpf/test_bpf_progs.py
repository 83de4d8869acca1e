"""Loading, verifier errors, test runs, raw tracepoints, pinning, BTF."""

from __future__ import annotations

import errno
import os
import struct
import threading

import pytest
from bpf_asm import (
    R0,
    R1,
    R2,
    R6,
    add_reg,
    call,
    count_into,
    exit_,
    if_tgid,
    ldx_dw,
    mov_imm,
    mov_reg,
    rsh_imm,
)

from pydtrace.bpf import (
    BpfError,
    BtfError,
    Helper,
    Map,
    MapType,
    ProgType,
    VerifierError,
    btf_load,
    ensure_bpffs,
    obj_get,
    obj_pin,
    prog_load,
    prog_test_run,
    raw_tracepoint_open,
)

RAW_TP = ProgType.RAW_TRACEPOINT


def test_mov_exit_returns_7() -> None:
    prog = mov_imm(R0, 7) + exit_()
    assert len(prog) == 16
    assert prog == bytes.fromhex("b700000007000000") + bytes.fromhex("9500000000000000")
    fd = prog_load(RAW_TP, prog, name="ret7")
    try:
        assert prog_test_run(fd) == 7
    finally:
        os.close(fd)


def test_ctx_args_are_u64_array() -> None:
    prog = ldx_dw(R0, R1, 0) + ldx_dw(R2, R1, 8) + add_reg(R0, R2) + exit_()
    fd = prog_load(RAW_TP, prog, name="sum_args")
    try:
        assert prog_test_run(fd, [40, 2]) == 42
        assert prog_test_run(fd, struct.pack("<QQ", 1000, 1)) == 1001
    finally:
        os.close(fd)


def test_test_run_is_synchronous_in_caller() -> None:
    """BEGIN/END rely on this: the program sees the calling thread."""
    prog = call(Helper.get_current_pid_tgid) + exit_()  # retval = low 32 bits = tid
    fd = prog_load(RAW_TP, prog, name="whoami")
    try:
        assert prog_test_run(fd) == threading.get_native_id()
        seen: list[int] = []
        t = threading.Thread(
            target=lambda: seen.append(prog_test_run(fd) - threading.get_native_id())
        )
        t.start()
        t.join()
        assert seen == [0]
    finally:
        os.close(fd)
    fd = prog_load(RAW_TP, call(Helper.get_current_pid_tgid) + rsh_imm(R0, 32) + exit_())
    try:
        assert prog_test_run(fd) == os.getpid()
    finally:
        os.close(fd)


def test_uninitialised_register_is_refused() -> None:
    prog = mov_reg(R0, R2) + exit_()  # r2 was never written
    with pytest.raises(VerifierError) as info:
        prog_load(RAW_TP, prog, name="bad_read")
    err = info.value
    assert err.errno == errno.EACCES
    assert err.summary() == "0: (bf) r0 = r2\nR2 !read_ok"
    assert "R2 !read_ok" in err.summary(1)
    assert "R2 !read_ok" in str(err)
    assert "processed" in err.log  # the whole log is kept
    assert "BPF_PROG_LOAD(bad_read)" in str(err)
    assert isinstance(err, BpfError) and isinstance(err, OSError)


def test_missing_exit_is_refused() -> None:
    with pytest.raises(VerifierError) as info:
        prog_load(RAW_TP, mov_imm(R0, 0), name="no_exit")
    assert info.value.summary() == "last insn is not an exit or jmp"


def test_partial_instruction_rejected() -> None:
    with pytest.raises(ValueError):
        prog_load(RAW_TP, b"\x95\0\0\0")


def test_bad_prog_type_is_plain_bpf_error() -> None:
    with pytest.raises(BpfError) as info:
        prog_load(ProgType(0), mov_imm(R0, 0) + exit_())
    assert not isinstance(info.value, VerifierError)
    assert info.value.errno == errno.EINVAL


def test_big_log_grows() -> None:
    """A long program that fails at its end: the log of every instruction
    (log_level 2) is far larger than the first buffer."""
    body = b"".join(mov_imm(R6, i) for i in range(20000))
    with pytest.raises(VerifierError) as info:
        prog_load(RAW_TP, body + mov_reg(R0, R2) + exit_(), log_level=2)
    assert "R2 !read_ok" in info.value.summary()
    assert len(info.value.log) > 256 * 1024


def test_raw_tracepoint_attach_counts() -> None:
    with Map.create(MapType.ARRAY, 4, 8, 1, name="rtp_count") as counts:
        prog = if_tgid(os.getpid(), count_into(counts.fd))
        fd = prog_load(RAW_TP, prog, name="rtp_sys_enter")
        try:
            link = raw_tracepoint_open("sys_enter", fd)
            try:
                for _ in range(10):
                    os.stat("/")
            finally:
                os.close(link)
            n = struct.unpack("<Q", counts.lookup(b"\0" * 4) or b"")[0]
            assert n >= 10
        finally:
            os.close(fd)


def test_raw_tracepoint_unknown_name() -> None:
    fd = prog_load(RAW_TP, mov_imm(R0, 0) + exit_())
    try:
        with pytest.raises(BpfError) as info:
            raw_tracepoint_open("no_such_tracepoint_xyz", fd)
        assert info.value.errno == errno.ENOENT
        assert "no_such_tracepoint_xyz" in str(info.value)
    finally:
        os.close(fd)


def test_pin_and_get() -> None:
    path = os.path.join(ensure_bpffs(), f"pydtrace_test_{os.getpid()}")
    with Map.create(MapType.ARRAY, 4, 4, 1, name="pinned") as m:
        m.update(b"\0" * 4, b"abcd")
        obj_pin(m.fd, path)
        try:
            fd2 = obj_get(path)
            with Map(fd2, MapType.ARRAY, 4, 4, 1, "pinned") as m2:
                assert m2.lookup(b"\0" * 4) == b"abcd"
        finally:
            os.unlink(path)


def _btf_int_blob(magic: int = 0xEB9F) -> bytes:
    strings = b"\0int\0"
    # BTF_KIND_INT "int": name_off 1, info kind=1, size 4; encoding SIGNED, 32 bits.
    types = struct.pack("<III", 1, 1 << 24, 4) + struct.pack("<I", (1 << 24) | 32)
    header = struct.pack("<HBBIIIII", magic, 1, 0, 24, 0, len(types), len(types), len(strings))
    return header + types + strings


def test_btf_load() -> None:
    fd = btf_load(_btf_int_blob())
    os.close(fd)
    with pytest.raises(BtfError):
        btf_load(_btf_int_blob(magic=0x1234))
