"""The raw bpf(2) system call through ctypes.

Each command takes its own arm of ``union bpf_attr``; they are declared here
as ctypes structures laid out exactly as in linux/bpf.h (every pointer is an
``__aligned_u64``).  The kernel accepts any attr size up to the one it knows
and requires the bytes it does not know to be zero, so passing the structure
of the command is enough: no need to pad to the size of the whole union.
"""

from __future__ import annotations

import ctypes
import errno as errno_mod
import os

from pydtrace.bpf.consts import Cmd

# The bpf and perf_event_open syscall numbers differ per architecture; the
# generic (asm-generic/unistd.h) table is the one aarch64 uses.
_SYSCALL_NUMBERS: dict[str, tuple[int, int]] = {
    "x86_64": (321, 298),
    "aarch64": (280, 241),
    "arm64": (280, 241),
}

# os.uname() is what platform.machine() reads, without importing platform
MACHINE = os.uname().machine
try:
    NR_BPF, NR_PERF_EVENT_OPEN = _SYSCALL_NUMBERS[MACHINE]
except KeyError as exc:  # pragma: no cover - depends on the machine
    raise ImportError(f"pydtrace: unsupported architecture {MACHINE}") from exc

_libc = ctypes.CDLL(None, use_errno=True)
_syscall = _libc.syscall
_syscall.restype = ctypes.c_long


class BpfError(OSError):
    """A failed bpf(2) (or perf_event_open(2)) call.

    ``errno`` is the kernel's error number; ``str()`` names the command, e.g.
    ``[Errno 1] BPF_PROG_LOAD: Operation not permitted``.
    """

    def __init__(self, err: int, cmd: str, detail: str = "") -> None:
        text = f"{cmd}: {os.strerror(err)}"
        if detail:
            text += f": {detail}"
        super().__init__(err, text)
        self.cmd = cmd


def raw_syscall(nr: int, *args: int | ctypes.c_void_p) -> tuple[int, int]:
    """Call syscall ``nr``; return ``(result, errno)`` (errno 0 on success)."""
    # Integers go as c_long so that variadic syscall(2) gets full registers.
    cargs = [ctypes.c_long(a) if isinstance(a, int) else a for a in args]
    ret = _syscall(ctypes.c_long(nr), *cargs)
    if ret < 0:
        return ret, ctypes.get_errno()
    return ret, 0


def bpf(cmd: Cmd, attr: ctypes.Structure, *, name: str | None = None) -> int:
    """Run bpf(``cmd``, ``attr``); return its result or raise :class:`BpfError`.

    EINTR and EAGAIN are retried (the verifier can be interrupted by a signal
    and BPF_PROG_LOAD reports EAGAIN when it is; libbpf retries likewise).
    """
    for _ in range(5):
        ret, err = raw_syscall(NR_BPF, int(cmd), ctypes.addressof(attr), ctypes.sizeof(attr))
        if err not in (errno_mod.EINTR, errno_mod.EAGAIN):
            break
    if err:
        raise BpfError(err, name or f"BPF_{Cmd(cmd).name}")
    return ret


def addr(buf: ctypes.Array[ctypes.c_char] | bytes | None) -> int:
    """Address of ``buf`` for a ``__aligned_u64`` pointer field (0 for None).

    For ``bytes`` the address is that of the object's own storage: the caller
    must keep the object alive across the call, and the kernel must only read
    it.
    """
    if buf is None:
        return 0
    if isinstance(buf, bytes):
        return ctypes.cast(ctypes.c_char_p(buf), ctypes.c_void_p).value or 0
    return ctypes.addressof(buf)


# --- union bpf_attr, one structure per command -------------------------------

u32 = ctypes.c_uint32
s32 = ctypes.c_int32
u64 = ctypes.c_uint64


class MapCreateAttr(ctypes.Structure):
    _fields_ = [
        ("map_type", u32),
        ("key_size", u32),
        ("value_size", u32),
        ("max_entries", u32),
        ("map_flags", u32),
        ("inner_map_fd", u32),
        ("numa_node", u32),
        ("map_name", ctypes.c_char * 16),
        ("map_ifindex", u32),
        ("btf_fd", u32),
        ("btf_key_type_id", u32),
        ("btf_value_type_id", u32),
        ("btf_vmlinux_value_type_id", u32),
        ("map_extra", u64),
    ]


class MapElemAttr(ctypes.Structure):
    """BPF_MAP_{LOOKUP,UPDATE,DELETE}_ELEM, GET_NEXT_KEY (``value`` is
    ``next_key`` there), MAP_FREEZE (only ``map_fd``)."""

    _fields_ = [
        ("map_fd", u32),
        ("_pad", u32),
        ("key", u64),
        ("value", u64),
        ("flags", u64),
    ]


class MapBatchAttr(ctypes.Structure):
    _fields_ = [
        ("in_batch", u64),
        ("out_batch", u64),
        ("keys", u64),
        ("values", u64),
        ("count", u32),
        ("map_fd", u32),
        ("elem_flags", u64),
        ("flags", u64),
    ]


class ProgLoadAttr(ctypes.Structure):
    _fields_ = [
        ("prog_type", u32),
        ("insn_cnt", u32),
        ("insns", u64),
        ("license", u64),
        ("log_level", u32),
        ("log_size", u32),
        ("log_buf", u64),
        ("kern_version", u32),
        ("prog_flags", u32),
        ("prog_name", ctypes.c_char * 16),
        ("prog_ifindex", u32),
        ("expected_attach_type", u32),
        ("prog_btf_fd", u32),
        ("func_info_rec_size", u32),
        ("func_info", u64),
        ("func_info_cnt", u32),
        ("line_info_rec_size", u32),
        ("line_info", u64),
        ("line_info_cnt", u32),
        ("attach_btf_id", u32),
        ("attach_prog_fd", u32),
        ("core_relo_cnt", u32),
        ("fd_array", u64),
        ("core_relos", u64),
        ("core_relo_rec_size", u32),
        # Since 6.4: the log size the kernel needed (to size a retry).
        ("log_true_size", u32),
    ]


class ObjAttr(ctypes.Structure):
    """BPF_OBJ_PIN / BPF_OBJ_GET."""

    _fields_ = [
        ("pathname", u64),
        ("bpf_fd", u32),
        ("file_flags", u32),
    ]


class TestRunAttr(ctypes.Structure):
    _fields_ = [
        ("prog_fd", u32),
        ("retval", u32),
        ("data_size_in", u32),
        ("data_size_out", u32),
        ("data_in", u64),
        ("data_out", u64),
        ("repeat", u32),
        ("duration", u32),
        ("ctx_size_in", u32),
        ("ctx_size_out", u32),
        ("ctx_in", u64),
        ("ctx_out", u64),
        ("flags", u32),
        ("cpu", u32),
        ("batch_size", u32),
    ]


class RawTracepointAttr(ctypes.Structure):
    _fields_ = [
        ("name", u64),
        ("prog_fd", u32),
    ]


class BtfLoadAttr(ctypes.Structure):
    _fields_ = [
        ("btf", u64),
        ("btf_log_buf", u64),
        ("btf_size", u32),
        ("btf_log_size", u32),
        ("btf_log_level", u32),
        ("btf_log_true_size", u32),
    ]


class PerfEventLinkOpts(ctypes.Structure):
    _fields_ = [("bpf_cookie", u64)]


class UprobeMultiLinkOpts(ctypes.Structure):
    _fields_ = [
        ("path", u64),
        ("offsets", u64),
        ("ref_ctr_offsets", u64),
        ("cookies", u64),
        ("cnt", u32),
        ("flags", u32),
        ("pid", u32),
    ]


class LinkCreateOpts(ctypes.Union):
    """The per-link-kind tail of BPF_LINK_CREATE (the ones pydtrace uses)."""

    _fields_ = [
        ("target_btf_id", u32),
        ("perf_event", PerfEventLinkOpts),
        ("uprobe_multi", UprobeMultiLinkOpts),
    ]


class LinkCreateAttr(ctypes.Structure):
    _fields_ = [
        ("prog_fd", u32),
        ("target_fd", u32),
        ("attach_type", u32),
        ("flags", u32),
        ("opts", LinkCreateOpts),
    ]


class FdAttr(ctypes.Structure):
    """Commands that only take an fd: BPF_MAP_FREEZE, BPF_LINK_DETACH."""

    _fields_ = [("fd", u32)]


class InfoByFdAttr(ctypes.Structure):
    _fields_ = [
        ("bpf_fd", u32),
        ("info_len", u32),
        ("info", u64),
    ]


class NextIdAttr(ctypes.Structure):
    """BPF_*_GET_NEXT_ID."""

    _fields_ = [("start_id", ctypes.c_uint32), ("next_id", ctypes.c_uint32),
                ("open_flags", ctypes.c_uint32)]
