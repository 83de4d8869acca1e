"""Fixtures for tests that read this machine's tracefs."""

from __future__ import annotations

import os
import subprocess

import pytest

TRACEFS = "/sys/kernel/tracing"


@pytest.fixture(scope="session")
def tracefs() -> str:
    """The tracefs mount point, mounting it if we are root and it is not mounted."""
    if not os.path.exists(os.path.join(TRACEFS, "available_events")) and os.geteuid() == 0:
        subprocess.run(["mount", "-t", "tracefs", "tracefs", TRACEFS], check=False)
    if not os.path.exists(os.path.join(TRACEFS, "available_events")):
        pytest.skip("tracefs is not mounted")
    return TRACEFS
