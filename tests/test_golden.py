"""Golden tests: tests/d/<area>/<name>.d runs under dtrace -s and must print
exactly <name>.out (and <name>.err when present, and exit as @status says).

Header comments in the script tune the run:
    /* @args: -q -c "@getpid 1000" */   options before -s; @name is a workload
    /* @status: 1 */                     expected exit status (default 0)
    /* @cpu: 0 */                        run dtrace pinned to this CPU
    /* @env: _DTRACE_TESTING=1 */        extra environment

Run-time error messages name the BPF instruction that detected the fault;
stderr is compared with that number written as NNN, so that code generation
may change without rewriting every golden file.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from dtrace_helpers import TESTS, run_dtrace

CASES = sorted((TESTS / "d").rglob("*.d"))
HEADER = re.compile(r"/\*\s*@(\w+):\s*(.*?)\s*\*/")


def header(script: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in script.read_text().splitlines()[:8]:
        for key, value in HEADER.findall(line):
            found[key] = value
    return found


@pytest.mark.parametrize("script", CASES, ids=lambda p: str(p.relative_to(TESTS / "d")))
def test_golden(script: Path, workloads: dict[str, str]) -> None:
    h = header(script)

    def expand(word: str) -> str:
        return re.sub(r"@(\w+)", lambda m: workloads.get(m.group(1), m.group(0)), word)

    args = [expand(a) for a in shlex.split(h.get("args", ""))]
    argv = [*args, "-s", script.name, *[expand(a) for a in shlex.split(h.get("macros", ""))]]
    env = dict(kv.split("=", 1) for kv in shlex.split(h.get("env", "")))
    if "cpu" in h:
        import os
        os.sched_setaffinity(0, {int(h["cpu"])})
    try:
        res = run_dtrace(argv, cwd=str(script.parent), env=env,
                         timeout=float(h.get("timeout", 60)))
    finally:
        if "cpu" in h:
            import os
            os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
    expected_out = script.with_suffix(".out").read_text()
    err_file = script.with_suffix(".err")
    assert res.out == expected_out, f"stderr was: {res.err}"
    if err_file.exists():
        assert re.sub(r"at BPF pc \d+", "at BPF pc NNN", res.err) == err_file.read_text()
    assert res.status == int(h.get("status", 0)), res.err
