"""Privilege checks and the tracefs/bpffs mounts."""

from __future__ import annotations

import ctypes
import errno
import os
from pathlib import Path

import pytest

from pydtrace.bpf import BpfError, Map, check_bpf_available, ensure_bpffs, ensure_tracefs
from pydtrace.bpf import check as check_mod
from pydtrace.bpf import fs as fs_mod
from pydtrace.errors import DTraceError

NO_PRIVS = "failed to initialize dtrace: DTrace requires additional privileges"


def test_available_as_root() -> None:
    check_bpf_available()


def test_not_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    with pytest.raises(DTraceError) as info:
        check_bpf_available()
    assert str(info.value) == NO_PRIVS


@pytest.mark.parametrize(
    ("err", "text"),
    [
        (errno.EPERM, NO_PRIVS),
        (errno.ENOSYS, "failed to initialize dtrace: this kernel does not support BPF"),
    ],
)
def test_bpf_refused(monkeypatch: pytest.MonkeyPatch, err: int, text: str) -> None:
    def refuse(*args: object, **kwargs: object) -> Map:
        raise BpfError(err, "BPF_MAP_CREATE")

    monkeypatch.setattr(check_mod.Map, "create", refuse)
    with pytest.raises(DTraceError) as info:
        check_bpf_available()
    assert str(info.value) == text
    assert "\n" not in str(info.value)


def test_tracefs_is_found() -> None:
    path = ensure_tracefs()
    assert path in (fs_mod.TRACEFS, fs_mod.TRACEFS_DEBUG) or os.path.isdir(path)
    assert os.path.exists(os.path.join(path, "events", "syscalls", "sys_enter_getpid", "id"))
    assert path in fs_mod._mounts_of("tracefs") or path == fs_mod.TRACEFS_DEBUG


def test_bpffs_is_found() -> None:
    path = ensure_bpffs()
    assert path in fs_mod._mounts_of("bpf")


def test_mount_needs_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fs_mod, "_mounts_of", lambda fstype: [])
    monkeypatch.setattr(fs_mod.os.path, "isdir", lambda p: False)
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    with pytest.raises(DTraceError) as info:
        ensure_tracefs()
    assert "tracefs is not mounted at /sys/kernel/tracing" in str(info.value)
    with pytest.raises(DTraceError) as info:
        ensure_bpffs()
    assert "bpf is not mounted at /sys/fs/bpf" in str(info.value)


def test_mount_failure_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    # Mounting over a path that does not exist fails with ENOENT.
    monkeypatch.setattr(fs_mod, "_mounts_of", lambda fstype: [])
    monkeypatch.setattr(fs_mod, "BPFFS", "/nonexistent/pydtrace/bpf")
    with pytest.raises(DTraceError) as info:
        ensure_bpffs()
    assert (
        str(info.value)
        == "failed to mount bpf at /nonexistent/pydtrace/bpf: No such file or directory"
    )


def test_mount_really_mounts(tmp_path: Path) -> None:
    """mount(2) through ctypes, on a scratch directory (then unmounted)."""
    target = str(tmp_path)
    fs_mod._mount("bpf", target)
    try:
        assert target in fs_mod._mounts_of("bpf")
    finally:
        libc = ctypes.CDLL(None, use_errno=True)
        assert libc.umount2(target.encode(), 0) == 0, os.strerror(ctypes.get_errno())
    assert target not in fs_mod._mounts_of("bpf")
