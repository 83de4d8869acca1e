"""Perf events: tracepoints, the cpu-clock timer, uprobes; with programs
attached by ioctl and by BPF links."""

from __future__ import annotations

import ctypes
import os
import platform
import struct
import time
from collections.abc import Iterator

import pytest
from bpf_asm import R0, count_into, exit_, if_tgid, mov_imm

from pydtrace.bpf import (
    BPF_F_SLEEPABLE,
    AttachType,
    BpfError,
    Map,
    MapType,
    PerfSwCount,
    PerfType,
    ProgType,
    attach_bpf,
    disable,
    enable,
    link_create,
    online_cpus,
    perf_event_open,
    prog_load,
    tracepoint_id,
    tracepoint_open,
    uprobe_multi_link_create,
    uprobe_open,
)
from pydtrace.bpf.perf import PerfEventAttr

NR_GETPID = {"x86_64": 39, "aarch64": 172}[platform.machine()]
libc = ctypes.CDLL(None, use_errno=True)
ZERO = b"\0" * 4


def raw_getpid() -> int:
    # os.getpid() may be served from a cache; the syscall always runs.
    return libc.syscall(NR_GETPID)


@pytest.fixture
def counter() -> Iterator[Map]:
    with Map.create(MapType.ARRAY, 4, 8, 1, name="count") as m:
        yield m


def count(m: Map) -> int:
    return struct.unpack("<Q", m.lookup(ZERO) or b"")[0]


def test_attr_size() -> None:
    assert ctypes.sizeof(PerfEventAttr) == 136
    assert PerfEventAttr.config1.offset == 56 and PerfEventAttr.config3.offset == 128


def test_tracepoint_id() -> None:
    assert tracepoint_id("syscalls", "sys_enter_getpid") > 0
    with pytest.raises(FileNotFoundError, match="nosuch:event"):
        tracepoint_id("nosuch", "event")


def test_tracepoint_counts_exactly(counter: Map) -> None:
    prog = prog_load(ProgType.TRACEPOINT, if_tgid(os.getpid(), count_into(counter.fd)))
    try:
        pfd = tracepoint_open("syscalls", "sys_enter_getpid")
        try:
            for _ in range(5):
                raw_getpid()
            assert count(counter) == 0  # attached nothing yet
            attach_bpf(pfd, prog)
            for _ in range(1000):
                raw_getpid()
            assert count(counter) == 1000
            # Disabling a tracepoint event does NOT stop its BPF program (the
            # kernel runs tracepoint programs before looking at the event's
            # state): only closing the fd detaches.
            disable(pfd)
            raw_getpid()
            assert count(counter) == 1001
        finally:
            os.close(pfd)
    finally:
        os.close(prog)
    raw_getpid()
    assert count(counter) == 1001  # closing the event detached the program


def test_tracepoint_through_link(counter: Map) -> None:
    prog = prog_load(ProgType.TRACEPOINT, if_tgid(os.getpid(), count_into(counter.fd)))
    try:
        pfd = tracepoint_open("syscalls", "sys_enter_getpid")
        try:
            link = link_create(prog, pfd, AttachType.PERF_EVENT, bpf_cookie=42)
            try:
                enable(pfd)
                for _ in range(77):
                    raw_getpid()
            finally:
                os.close(link)
            raw_getpid()
        finally:
            os.close(pfd)
    finally:
        os.close(prog)
    assert count(counter) == 77


def test_cpu_clock_fires_while_busy(counter: Map) -> None:
    prog = prog_load(ProgType.PERF_EVENT, count_into(counter.fd) + exit_(), name="profile")
    fds: list[int] = []
    try:
        for cpu in online_cpus():
            fd = perf_event_open(PerfType.SOFTWARE, PerfSwCount.CPU_CLOCK, cpu=cpu, sample_freq=997)
            fds.append(fd)
            attach_bpf(fd, prog)
        end = time.monotonic() + 0.3
        while time.monotonic() < end:
            pass  # keep this CPU busy: idle vCPUs get no timer ticks here
    finally:
        for fd in fds:
            os.close(fd)
        os.close(prog)
    n = count(counter)
    assert n >= 30, n  # ~300 expected on the busy CPU alone
    time.sleep(0.05)
    assert count(counter) == n  # closed events stop firing


def test_perf_event_open_error() -> None:
    with pytest.raises(BpfError) as info:
        perf_event_open(PerfType.SOFTWARE, 9999, cpu=0, sample_period=1)
    assert "perf_event_open" in str(info.value)


def libc_function_offset(name: str) -> tuple[str, int]:
    """(path, file offset) of a libc function, from its address in this
    process and the mapping that holds it."""
    address = ctypes.cast(getattr(libc, name), ctypes.c_void_p).value or 0
    with open("/proc/self/maps") as f:
        for line in f:
            fields = line.split()
            lo, hi = (int(x, 16) for x in fields[0].split("-"))
            if lo <= address < hi and len(fields) >= 6:
                return fields[5], address - lo + int(fields[2], 16)
    raise LookupError(name)


@pytest.mark.parametrize("retprobe", [False, True])
def test_uprobe_counts_calls(counter: Map, retprobe: bool) -> None:
    path, offset = libc_function_offset("getpid")
    prog = prog_load(ProgType.KPROBE, if_tgid(os.getpid(), count_into(counter.fd)), name="up")
    try:
        pfd = uprobe_open(path, offset, retprobe=retprobe)
        try:
            attach_bpf(pfd, prog)
            for _ in range(50):
                libc.getpid()
        finally:
            os.close(pfd)
    finally:
        os.close(prog)
    assert count(counter) == 50


def test_uprobe_multi(counter: Map) -> None:
    path, offset = libc_function_offset("getpid")
    body = if_tgid(os.getpid(), count_into(counter.fd))
    try:
        prog = prog_load(ProgType.KPROBE, body, expected_attach_type=AttachType.TRACE_UPROBE_MULTI)
    except BpfError as e:
        pytest.skip(f"no uprobe_multi: {e}")
    try:
        link = uprobe_multi_link_create(prog, path, [offset])
        try:
            for _ in range(20):
                libc.getpid()
        finally:
            os.close(link)
    finally:
        os.close(prog)
    assert count(counter) == 20


def test_sleepable_uprobe_loads() -> None:
    prog = prog_load(
        ProgType.KPROBE,
        mov_imm(R0, 0) + exit_(),
        expected_attach_type=AttachType.TRACE_UPROBE_MULTI,
        flags=BPF_F_SLEEPABLE,
    )
    os.close(prog)
