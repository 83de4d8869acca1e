"""perf_event_open(2): the events BPF programs hang on (tracepoints, timers,
uprobes), and attaching a program to one."""

from __future__ import annotations

import ctypes
import fcntl
import os
from functools import cache

from pydtrace.bpf.consts import (
    PERF_ATTR_DISABLED,
    PERF_ATTR_FREQ,
    PERF_ATTR_SIZE,
    PERF_EVENT_IOC_DISABLE,
    PERF_EVENT_IOC_ENABLE,
    PERF_EVENT_IOC_SET_BPF,
    PERF_FLAG_FD_CLOEXEC,
    PerfType,
)
from pydtrace.bpf.fs import ensure_tracefs
from pydtrace.bpf.syscall import NR_PERF_EVENT_OPEN, BpfError, raw_syscall

u16, u32, s32, u64 = ctypes.c_uint16, ctypes.c_uint32, ctypes.c_int32, ctypes.c_uint64

PMU_DIR = "/sys/bus/event_source/devices"


class PerfEventAttr(ctypes.Structure):
    """``struct perf_event_attr`` up to ``config3`` (PERF_ATTR_SIZE_VER8).

    The C bitfield word (disabled, inherit, ..., freq, ...) is the single
    ``flags`` u64: see the PERF_ATTR_* bits in consts.  ``config1`` is also
    bp_addr / kprobe_func / uprobe_path, ``config2`` bp_len / probe_offset,
    and ``sample_period`` is ``sample_freq`` when the freq bit is set.
    """

    _fields_ = [
        ("type", u32),
        ("size", u32),
        ("config", u64),
        ("sample_period", u64),
        ("sample_type", u64),
        ("read_format", u64),
        ("flags", u64),
        ("wakeup_events", u32),
        ("bp_type", u32),
        ("config1", u64),
        ("config2", u64),
        ("branch_sample_type", u64),
        ("sample_regs_user", u64),
        ("sample_stack_user", u32),
        ("clockid", s32),
        ("sample_regs_intr", u64),
        ("aux_watermark", u32),
        ("sample_max_stack", u16),
        ("_reserved_2", u16),
        ("aux_sample_size", u32),
        ("aux_action", u32),
        ("sig_data", u64),
        ("config3", u64),
    ]


assert ctypes.sizeof(PerfEventAttr) == PERF_ATTR_SIZE


def perf_event_open(
    type: int,
    config: int,
    *,
    pid: int = -1,
    cpu: int = 0,
    sample_period: int = 0,
    sample_freq: int = 0,
    freq: bool = False,
    flags: int = PERF_FLAG_FD_CLOEXEC,
    config1: int = 0,
    config2: int = 0,
    disabled: bool = True,
    wakeup_events: int = 0,
    group_fd: int = -1,
    name: str = "",
) -> int:
    """Open a perf event; return its fd.

    The event starts disabled (``disabled=True``) so that a program can be
    attached before it fires: :func:`attach_bpf` enables it.  ``freq=True``
    (or a non-zero ``sample_freq``) samples at ``sample_freq`` Hz instead of
    every ``sample_period`` events.  ``config1``/``config2`` carry pointers
    and offsets for the probe PMUs (see :func:`uprobe_open`).
    """
    attr = PerfEventAttr(
        type=type,
        size=PERF_ATTR_SIZE,
        config=config,
        config1=config1,
        config2=config2,
        wakeup_events=wakeup_events,
    )
    bits = PERF_ATTR_DISABLED if disabled else 0
    if freq or sample_freq:
        bits |= PERF_ATTR_FREQ
        attr.sample_period = sample_freq
    else:
        attr.sample_period = sample_period
    attr.flags = bits
    fd, err = raw_syscall(NR_PERF_EVENT_OPEN, ctypes.addressof(attr), pid, cpu, group_fd, flags)
    if err:
        raise BpfError(err, f"perf_event_open({name or f'type={type} config={config:#x}'})")
    return fd


def _ioctl(fd: int, request: int, arg: int, what: str) -> None:
    try:
        fcntl.ioctl(fd, request, arg)
    except OSError as e:
        raise BpfError(e.errno or 0, what) from None


def attach_bpf(perf_fd: int, prog_fd: int) -> None:
    """Attach a program to a perf event (PERF_EVENT_IOC_SET_BPF) and enable
    it.  The attachment lives as long as the perf event fd."""
    _ioctl(perf_fd, PERF_EVENT_IOC_SET_BPF, prog_fd, "PERF_EVENT_IOC_SET_BPF")
    enable(perf_fd)


def enable(perf_fd: int) -> None:
    _ioctl(perf_fd, PERF_EVENT_IOC_ENABLE, 0, "PERF_EVENT_IOC_ENABLE")


def disable(perf_fd: int) -> None:
    """Stop the event counting/sampling.  Note: a BPF program attached to a
    tracepoint (or uprobe) event keeps running while the event is disabled;
    only closing the perf fd (or its link) detaches it."""
    _ioctl(perf_fd, PERF_EVENT_IOC_DISABLE, 0, "PERF_EVENT_IOC_DISABLE")


def tracepoint_id(system: str, event: str) -> int:
    """The id of tracepoint ``system:event`` (perf_event_attr.config for a
    PERF_TYPE_TRACEPOINT event), read from tracefs."""
    path = os.path.join(ensure_tracefs(), "events", system, event, "id")
    try:
        with open(path) as f:
            return int(f.read())
    except FileNotFoundError:
        raise FileNotFoundError(f"no tracepoint {system}:{event} ({path})") from None


def tracepoint_open(system: str, event: str, *, pid: int = -1, cpu: int = 0) -> int:
    """Open (disabled) a perf event on tracepoint ``system:event``.

    One event (pid -1, cpu 0) is enough for BPF: a program attached to a
    tracepoint runs whichever CPU hits it.
    """
    return perf_event_open(
        PerfType.TRACEPOINT,
        tracepoint_id(system, event),
        pid=pid,
        cpu=cpu,
        sample_period=1,
        wakeup_events=1,
        name=f"{system}:{event}",
    )


@cache
def pmu_type(pmu: str) -> int:
    """The dynamic perf type number of PMU ``pmu`` ("uprobe", "kprobe")."""
    try:
        with open(os.path.join(PMU_DIR, pmu, "type")) as f:
            return int(f.read())
    except FileNotFoundError:
        raise FileNotFoundError(f"this kernel has no {pmu} PMU") from None


@cache
def pmu_format_bit(pmu: str, field: str) -> int:
    """The config bit named by ``<pmu>/format/<field>`` ("config:0")."""
    with open(os.path.join(PMU_DIR, pmu, "format", field)) as f:
        spec = f.read().strip()
    _, _, bits = spec.partition(":")
    return int(bits.split("-")[0])


def uprobe_open(
    path: str,
    offset: int,
    *,
    retprobe: bool = False,
    pid: int = -1,
    cpu: int = 0,
    ref_ctr_offset: int = 0,
) -> int:
    """Open (disabled) a uprobe or uretprobe through the uprobe PMU.

    ``offset`` is the file offset of the instruction in ``path``;
    ``ref_ctr_offset`` the file offset of a USDT semaphore (the kernel then
    increments it in every process while the probe is attached).
    """
    config = 0
    if retprobe:
        config |= 1 << pmu_format_bit("uprobe", "retprobe")
    if ref_ctr_offset:
        config |= ref_ctr_offset << pmu_format_bit("uprobe", "ref_ctr_offset")
    cpath = ctypes.create_string_buffer(os.fsencode(path))
    return perf_event_open(
        pmu_type("uprobe"),
        config,
        pid=pid,
        cpu=cpu if pid == -1 else -1,
        sample_period=1,
        wakeup_events=1,
        config1=ctypes.addressof(cpath),  # uprobe_path: read during the call
        config2=offset,  # probe_offset
        name=f"uprobe {path}+{offset:#x}",
    )
