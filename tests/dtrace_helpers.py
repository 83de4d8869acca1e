"""Helpers for tests that run dtrace(1) as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

TESTS = Path(__file__).parent
WORKLOADS = TESTS / "workloads"


@dataclass
class Result:
    status: int
    out: str
    err: str


def run_dtrace(args: list[str], timeout: float = 60, cwd: str | None = None,
               env: dict[str, str] | None = None, stdin: str | None = None) -> Result:
    p = subprocess.run(
        [sys.executable, "-m", "pydtrace", *args],
        capture_output=True, text=True, timeout=timeout, cwd=cwd, input=stdin,
        env={**os.environ, **(env or {})},
    )
    return Result(p.returncode, p.stdout, p.stderr)
