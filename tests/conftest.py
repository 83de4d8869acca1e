"""Shared fixtures: compiled workloads and a way to run dtrace(1)."""

from __future__ import annotations

import subprocess

import pytest
from dtrace_helpers import WORKLOADS, run_dtrace


@pytest.fixture(scope="session")
def workloads(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every tests/workloads/*.c compiled with gcc -O2: name -> path."""
    out = tmp_path_factory.mktemp("workloads")
    built = {}
    for src in sorted(WORKLOADS.glob("*.c")):
        exe = out / src.stem
        subprocess.run(["gcc", "-O2", "-o", str(exe), str(src)], check=True)
        built[src.stem] = str(exe)
    return built


@pytest.fixture
def dtrace():
    return run_dtrace
