"""The ring buffer consumer, fed by programs run with BPF_PROG_TEST_RUN."""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator

import pytest
from bpf_asm import (
    R0,
    R1,
    R2,
    R3,
    R4,
    R6,
    R10,
    add_imm,
    call,
    exit_,
    insn,
    jeq_imm,
    ld_map_fd,
    ldx_dw,
    mov_imm,
    mov_reg,
    st_dw,
    stx_dw,
)

from pydtrace.bpf import Helper, Map, MapType, ProgType, RingBuffer, prog_load, prog_test_run

RAW_TP = ProgType.RAW_TRACEPOINT


def emit_ctx_prog(rb_fd: int) -> bytes:
    """Write a record of ctx[8] & 63 bytes taken from ctx[0..7] (64 bytes
    copied to the stack) with bpf_ringbuf_output; return its result."""
    copy = b"".join(ldx_dw(R2, R6, 8 * i) + stx_dw(R10, -64 + 8 * i, R2) for i in range(8))
    return b"".join(
        [
            mov_reg(R6, R1),
            copy,
            ldx_dw(R3, R6, 64),
            insn(0x57, R3, imm=63),  # r3 &= 63: a bounded size for the verifier
            ld_map_fd(R1, rb_fd),
            mov_reg(R2, R10),
            add_imm(R2, -64),
            mov_imm(R4, 0),
            call(Helper.ringbuf_output),
            exit_(),
        ]
    )


@pytest.fixture
def ring() -> Iterator[tuple[Map, RingBuffer, int]]:
    """A 4 KiB ring buffer, its consumer, and a program writing to it."""
    with Map.create(MapType.RINGBUF, 0, 0, 4096, name="rb") as m:
        fd = prog_load(RAW_TP, emit_ctx_prog(m.fd), name="rb_emit")
        try:
            with RingBuffer(m) as rb:
                yield m, rb, fd
        finally:
            os.close(fd)


def emit(fd: int, payload: bytes) -> int:
    args = list(struct.unpack("<8Q", payload.ljust(64, b"\0"))) + [len(payload)]
    return prog_test_run(fd, args)


def test_records_arrive_exactly(ring: tuple[Map, RingBuffer, int]) -> None:
    _, rb, fd = ring
    assert not rb.poll(0)
    payloads = [b"hello, world", b"", b"x" * 63, bytes(range(17)), b"12345678"]
    for p in payloads:
        assert emit(fd, p) == 0
    assert rb.poll(0)
    got: list[bytes] = []
    assert rb.consume(lambda view: got.append(bytes(view))) == len(payloads)
    assert got == payloads
    assert rb.consume(lambda view: got.append(bytes(view))) == 0
    assert rb.available() == 0
    assert not rb.poll(0)


def test_poll_wakes_up(ring: tuple[Map, RingBuffer, int]) -> None:
    _, rb, fd = ring
    assert not rb.poll(10)
    emit(fd, b"wake")
    assert rb.poll(1000)


def test_view_is_released_after_callback(ring: tuple[Map, RingBuffer, int]) -> None:
    _, rb, fd = ring
    emit(fd, b"short-lived")
    kept: list[memoryview] = []
    rb.consume(kept.append)
    with pytest.raises(ValueError):
        bytes(kept[0])


def test_wraps_around(ring: tuple[Map, RingBuffer, int]) -> None:
    _, rb, fd = ring
    got: list[bytes] = []
    sent: list[bytes] = []
    for i in range(1000):
        p = struct.pack("<I", i) * (1 + i % 13)  # 4..52 bytes, many alignments
        assert emit(fd, p) == 0
        sent.append(p)
        if i % 50 == 49:
            rb.consume(lambda v: got.append(bytes(v)))
    rb.consume(lambda v: got.append(bytes(v)))
    assert got == sent
    assert rb.consumer_pos == rb.producer_pos > 4096 * 5


def test_full_ring_refuses_then_recovers(ring: tuple[Map, RingBuffer, int]) -> None:
    _, rb, fd = ring
    results = [emit(fd, b"y" * 56) for _ in range(100)]  # 64 bytes a record
    assert results[:63].count(0) == 63  # 4096 bytes hold 64 records minus slack
    assert results[-1] == (-11) & 0xFFFFFFFF  # -EAGAIN: the ring is full
    n = rb.consume(lambda v: None)
    assert n == results.count(0)
    assert emit(fd, b"again") == 0
    got: list[bytes] = []
    rb.consume(lambda v: got.append(bytes(v)))
    assert got == [b"again"]


def test_discarded_records_are_skipped() -> None:
    with Map.create(MapType.RINGBUF, 0, 0, 4096) as m:
        reserve = ld_map_fd(R1, m.fd) + mov_imm(R2, 8) + mov_imm(R3, 0)
        prog = b"".join(
            [
                reserve,
                call(Helper.ringbuf_reserve),
                jeq_imm(R0, 0, 4),
                st_dw(R0, 0, 0xDEAD),
                mov_reg(R1, R0),
                mov_imm(R2, 0),
                call(Helper.ringbuf_discard),
                reserve,
                call(Helper.ringbuf_reserve),
                jeq_imm(R0, 0, 4),
                st_dw(R0, 0, 0xBEEF),
                mov_reg(R1, R0),
                mov_imm(R2, 0),
                call(Helper.ringbuf_submit),
                mov_imm(R0, 0),
                exit_(),
            ]
        )
        fd = prog_load(RAW_TP, prog, name="rb_discard")
        try:
            with RingBuffer(m) as rb:
                prog_test_run(fd)
                prog_test_run(fd)
                got: list[bytes] = []
                assert rb.consume(lambda v: got.append(bytes(v))) == 2
                assert got == [struct.pack("<Q", 0xBEEF)] * 2
                assert rb.consumer_pos == rb.producer_pos == 4 * 16
        finally:
            os.close(fd)


def test_consume_raw(ring: tuple[Map, RingBuffer, int]) -> None:
    _, rb, fd = ring
    for i in range(10):
        emit(fd, struct.pack("<QQ", i, i * 3))
    got: list[tuple[int, int]] = []

    def decode(buf: memoryview, off: int, length: int) -> None:
        assert length == 16
        got.append(struct.unpack_from("<QQ", buf, off))

    assert rb.consume_raw(decode) == 10
    assert got == [(i, i * 3) for i in range(10)]


def test_callback_error_consumes_the_record(ring: tuple[Map, RingBuffer, int]) -> None:
    _, rb, fd = ring
    emit(fd, b"one")
    emit(fd, b"two")

    def boom(view: memoryview) -> None:
        raise RuntimeError(bytes(view))

    with pytest.raises(RuntimeError, match="one"):
        rb.consume(boom)
    got: list[bytes] = []
    rb.consume(lambda v: got.append(bytes(v)))
    assert got == [b"two"]


def test_wrong_map_type() -> None:
    with Map.create(MapType.ARRAY, 4, 4, 1) as m, pytest.raises(ValueError):
        RingBuffer(m)
