"""The pid provider against the real kernel: uprobes on a test program."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest
from dtrace_helpers import run_dtrace

UPROBE_EVENTS = Path("/sys/kernel/tracing/uprobe_events")


def test_entry_and_return_fire_once_per_call_with_arguments_and_values(
        workloads: dict[str, str]) -> None:
    script = """
pid$target:a.out:sum3:entry { printf("sum3(%d, %d, %d)\\n", arg0, arg1, arg2); }
pid$target:a.out:sum3:return { printf("sum3 -> %d (arg0 %d)\\n", arg1, arg0); }
pid$target:a.out:six:entry
{ printf("six(%d, %d, %d, %d, %d, %d)\\n", arg0, arg1, arg2, arg3, arg4, arg5); }
pid$target:a.out:six:return { printf("six -> %d\\n", arg1); }
pid$target:a.out:skipped: { printf("never called\\n"); }
pid$target:a.out:ten:entry
{ printf("ten(%d %d %d %d %d %d %d %d %d %d)\\n", arg0, arg1, arg2, arg3, arg4, arg5, arg6,
         arg7, arg8, arg9); }
"""
    res = run_dtrace(["-q", "-n", script, "-c", f"{workloads['userfuncs']} 3"])
    assert res.status == 0, res.err
    assert res.out == (
        "sum3(0, 10, 100)\nsum3 -> 110 (arg0 0)\n"
        "sum3(1, 10, 100)\nsum3 -> 111 (arg0 0)\n"
        "sum3(2, 10, 100)\nsum3 -> 112 (arg0 0)\n"
        "six(1, 2, 3, 4, 5, 6)\nsix -> 123456\n"
        "ten(10 11 12 13 14 15 16 17 18 19)\n\n"
    )


def test_counts_and_probefunc_with_globs(workloads: dict[str, str]) -> None:
    res = run_dtrace(["-q", "-n", "pid$target:a.out:s[iu]*: { @[probefunc, probename] = count(); }",
                      "-c", f"{workloads['userfuncs']} 5"])
    assert res.status == 0, res.err
    rows = sorted(line.split() for line in res.out.splitlines() if line.strip())
    assert rows == [["six", "entry", "1"], ["six", "return", "1"],
                    ["sum3", "entry", "5"], ["sum3", "return", "5"]]


MALLOC_CLAUSE = ('pid$target:MODULE:malloc:entry /arg0 == 4242/ '
                 '{ printf("%s %s %d\\n", probemod, probefunc, arg0); }')


@pytest.mark.parametrize("module", ["libc.so.6", "libc.so", "libc", "libc*"])
def test_library_functions_of_a_started_command(workloads: dict[str, str], module: str) -> None:
    res = run_dtrace(["-q", "-n", MALLOC_CLAUSE.replace("MODULE", module),
                      "-c", workloads["userfuncs"]])
    assert (res.status, res.out) == (0, "libc.so.6 malloc 4242\n\n"), res.err


def test_listing_with_c(workloads: dict[str, str]) -> None:
    res = run_dtrace(["-l", "-n", "pid$target:a.out:s*:", "-c", workloads["userfuncs"]])
    assert res.status == 0, res.err
    lines = res.out.splitlines()
    assert lines[0].split() == ["ID", "PROVIDER", "MODULE", "FUNCTION", "NAME"]
    rows = [line.split() for line in lines[1:]]
    assert [r[2:] for r in rows] == [
        ["a.out", "six", "entry"], ["a.out", "six", "return"],
        ["a.out", "skipped", "entry"], ["a.out", "skipped", "return"],
        ["a.out", "sum3", "entry"], ["a.out", "sum3", "return"],
    ]
    assert len({r[1] for r in rows}) == 1 and re.fullmatch(r"pid\d+", rows[0][1])


def test_an_alias_names_the_same_probe(workloads: dict[str, str]) -> None:
    res = run_dtrace(["-l", "-n", "pid$target:a.out:__skipped_alias:,pid$target:a.out:skipped:",
                      "-c", workloads["userfuncs"]])
    assert res.status == 0, res.err
    assert [line.split()[2:] for line in res.out.splitlines()[1:]] == [
        ["a.out", "skipped", "entry"], ["a.out", "skipped", "return"]]


def test_grabbed_process_with_p(workloads: dict[str, str]) -> None:
    child = subprocess.Popen([workloads["userfuncs"], "100000", "slow"])
    try:
        time.sleep(0.2)
        res = run_dtrace(["-q", "-p", str(child.pid), "-n",
                          'pid$target:a.out:sum3:return { printf("%d\\n", arg1 > 110); n++; } '
                          "pid$target:a.out:sum3:return /n == 3/ { exit(0); }"], timeout=30)
        assert (res.status, res.out) == (0, "1\n1\n1\n\n"), res.err
    finally:
        child.kill()
        child.wait()


def test_no_uprobe_is_left_behind(workloads: dict[str, str]) -> None:
    before = UPROBE_EVENTS.read_text() if UPROBE_EVENTS.exists() else ""
    res = run_dtrace(["-q", "-n", "pid$target:a.out:sum3:entry, pid$target:libc.so.6:free:return "
                      "{ @ = count(); }", "-c", workloads["userfuncs"]])
    assert res.status == 0, res.err
    after = UPROBE_EVENTS.read_text() if UPROBE_EVENTS.exists() else ""
    assert after == before


def test_errors(workloads: dict[str, str]) -> None:
    prog = workloads["userfuncs"]
    cases = [
        (["-n", "pid999999999:a.out:main:entry"],
         "dtrace: invalid probe specifier pid999999999:a.out:main:entry: "
         "failed to grab process 999999999\n"),
        (["-n", "pid0:::entry"],
         "dtrace: invalid probe specifier pid0:::entry: pid0 does not contain a valid pid\n"),
        (["-n", "pid$target:a.out:no_such_function:entry", "-c", prog],
         "dtrace: invalid probe specifier pid$target:a.out:no_such_function:entry: "
         "failed to lookup 'no_such_function' in module 'a.out'\n"),
        (["-n", "pid$target:a.out:main:beginning", "-c", prog],
         "dtrace: invalid probe specifier pid$target:a.out:main:beginning: "
         "'beginning' is an invalid probe name\n"),
        (["-n", "pid$target:a.out:sum3:1000", "-c", prog],
         "dtrace: invalid probe specifier pid$target:a.out:sum3:1000: "
         "offset 0x1000 outside of function 'sum3'\n"),
        (["-n", "pid$target:libc:-:800", "-c", prog],
         "dtrace: invalid probe specifier pid$target:libc:-:800: "
         "only the a.out module is valid with the '-' function\n"),
        (["-n", "pid$target::-:", "-c", prog],
         "dtrace: invalid probe specifier pid$target::-:: "
         "only individual addresses may be specified with the '-' function\n"),
    ]
    for args, err in cases:
        res = run_dtrace(args)
        assert (res.status, res.err) == (1, err)
    res = run_dtrace(["-n", "pid$target:libnothing.so.1::entry", "-c", prog])
    assert res.status == 1
    assert re.fullmatch(r"dtrace: invalid probe specifier pid\$target:libnothing.so.1::entry: "
                        r"probe description pid\d+:libnothing.so.1::entry does not match any "
                        r"probes\n", res.err)


def test_other_providers_beside_a_pid_provider(workloads: dict[str, str]) -> None:
    """Descriptions without a provider do not reach the pid provider's checks."""
    res = run_dtrace(["-q", "-n", "pid$target:a.out:sum3:entry { @ = count(); }",
                      "-n", "tick-1ms { n++; }", "-n", "END { printa(@); }",
                      "-c", workloads["userfuncs"]])
    assert (res.status, res.out) == (0, "\n                3\n\n"), res.err


def test_a_script_command_probes_its_interpreter(tmp_path: Path) -> None:
    script = tmp_path / "run.sh"
    script.write_text("#!/bin/bash\nexit 0\n")
    script.chmod(0o755)
    res = run_dtrace(["-q", "-n", 'pid$target:a.out:main:entry { printf("%s\\n", probemod); }',
                      "-c", str(script)])
    assert (res.status, res.out) == (0, "a.out\n\n"), res.err


def test_pid_given_as_a_macro_argument(workloads: dict[str, str]) -> None:
    """$1 in a probe description counts as a use of the argument."""
    child = subprocess.Popen([workloads["userfuncs"], "100000", "slow"])
    try:
        time.sleep(0.2)
        res = run_dtrace(["-q", "-n", 'pid$1:a.out:sum3:entry { printf("%d\\n", arg1); exit(0); }',
                          str(child.pid)], timeout=30)
        assert (res.status, res.out) == (0, "10\n\n"), res.err
    finally:
        child.kill()
        child.wait()
