"""Shared fixtures for the kernel-layer tests (they need root and BPF)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from pydtrace.bpf import BpfError, check_bpf_available
from pydtrace.errors import DTraceError


def _open_fds() -> set[str]:
    fds = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            fds.add(f"{fd} -> {os.readlink(f'/proc/self/fd/{fd}')}")
        except OSError:
            pass  # the listing's own fd, closed by now
    return fds


@pytest.fixture(autouse=True)
def no_leaked_fds() -> Iterator[None]:
    """Every test must close what it opened: maps, programs, perf events,
    links (a leaked fd keeps its kernel object alive)."""
    try:
        check_bpf_available()
    except (DTraceError, BpfError) as e:
        pytest.skip(str(e))
    before = _open_fds()
    yield
    leaked = {f for f in _open_fds() - before if "anon_inode" in f or "bpf" in f}
    assert not leaked, f"leaked fds: {sorted(leaked)}"
