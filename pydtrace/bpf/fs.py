"""Finding (and if need be mounting) tracefs and bpffs.

pydtrace mounts them itself, with mount(2) through ctypes, so that a fresh
machine needs no setup beyond running as root.
"""

from __future__ import annotations

import ctypes
import os

from pydtrace.errors import DTraceError

TRACEFS = "/sys/kernel/tracing"
TRACEFS_DEBUG = "/sys/kernel/debug/tracing"
BPFFS = "/sys/fs/bpf"

_libc = ctypes.CDLL(None, use_errno=True)
_libc.mount.argtypes = [
    ctypes.c_char_p,
    ctypes.c_char_p,
    ctypes.c_char_p,
    ctypes.c_ulong,
    ctypes.c_void_p,
]
_libc.mount.restype = ctypes.c_int


def _mounts_of(fstype: str) -> list[str]:
    """Mount points of filesystems of type ``fstype``, in mount order."""
    points: list[str] = []
    with open("/proc/self/mounts") as f:
        for line in f:
            fields = line.split()
            if len(fields) >= 3 and fields[2] == fstype:
                # Mount points escape blanks as octal (\040).
                points.append(fields[1].encode().decode("unicode_escape"))
    return points


def _mount(fstype: str, target: str) -> None:
    if os.geteuid() != 0:
        raise DTraceError(
            f"failed to initialize dtrace: {fstype} is not mounted at {target} "
            "and mounting it requires additional privileges"
        )
    ret = _libc.mount(fstype.encode(), target.encode(), fstype.encode(), 0, None)
    if ret != 0:
        err = ctypes.get_errno()
        raise DTraceError(f"failed to mount {fstype} at {target}: {os.strerror(err)}")


def ensure_tracefs() -> str:
    """The tracefs directory, mounting tracefs at /sys/kernel/tracing if no
    tracefs is mounted (an existing /sys/kernel/debug/tracing is fine)."""
    points = _mounts_of("tracefs")
    for preferred in (TRACEFS, TRACEFS_DEBUG):
        if preferred in points:
            return preferred
    if points:
        return points[0]
    # With debugfs mounted, the kernel automounts tracefs under it on access.
    if os.path.isdir(os.path.join(TRACEFS_DEBUG, "events")):
        return TRACEFS_DEBUG
    _mount("tracefs", TRACEFS)
    return TRACEFS


def ensure_bpffs() -> str:
    """The bpffs directory, mounting bpffs at /sys/fs/bpf if it is missing."""
    points = _mounts_of("bpf")
    if BPFFS in points:
        return BPFFS
    if points:
        return points[0]
    _mount("bpf", BPFFS)
    return BPFFS
