"""dtrace(1) as a user runs it: options, messages, exit statuses, cleanup."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from dtrace_helpers import run_dtrace

from pydtrace.bpf.consts import Cmd
from pydtrace.bpf.progs import object_ids


def test_forty_two_ok_quiet() -> None:
    res = run_dtrace(["-qn", 'BEGIN { printf("%d %s\\n", 6 * 7, "ok"); exit(0); }'])
    assert (res.status, res.out, res.err) == (0, "42 ok\n\n", "")


def test_default_output_names_the_probe() -> None:
    res = run_dtrace(["-n", 'BEGIN { printf("%d %s", 6 * 7, "ok"); exit(0); }'])
    assert res.status == 0
    lines = res.out.splitlines()
    assert lines[0] == "CPU     ID                    FUNCTION:NAME"
    cpu, rest = lines[1][:3], lines[1][3:]
    assert cpu.strip().isdigit()
    assert rest == "      1                           :BEGIN 42 ok"
    assert res.err == "dtrace: description 'BEGIN ' matched 1 probe\n"


def test_exit_status_comes_from_exit_action() -> None:
    assert run_dtrace(["-qn", "BEGIN { exit(7); }"]).status == 7


@pytest.mark.parametrize(
    ("args", "status", "err"),
    [
        (["-n", "BEGIN { x = ; }"], 1,
         'dtrace: invalid probe specifier BEGIN { x = ; }: syntax error near ";"\n'),
        (["-n", "syscall::nosuchcall:entry"], 1,
         "dtrace: invalid probe specifier syscall::nosuchcall:entry: probe description "
         "syscall::nosuchcall:entry does not match any probes\n"),
        (["-n", "BEGIN { trace(nosuchvar); }"], 1,
         "dtrace: invalid probe specifier BEGIN { trace(nosuchvar); }: in action list: "
         "failed to resolve nosuchvar: Unknown variable name\n"),
        (["-x", "errtags", "-n", 'BEGIN / "s" / { }'], 1,
         'dtrace: invalid probe specifier BEGIN / "s" / { }: [D_PRED_SCALAR] in predicate: '
         "predicate result must be of scalar type\n"),
        (["-n", "fbt::schedule:entry"], 1,
         "dtrace: invalid probe specifier fbt::schedule:entry: the fbt provider needs "
         "kprobes, which this kernel does not have\n"),
        (["-x", "nosuchoption", "-n", "BEGIN"], 1,
         "dtrace: failed to set -x nosuchoption: Invalid option name\n"),
        (["-x", "strsize=big", "-n", "BEGIN"], 1,
         "dtrace: failed to set -x strsize: Invalid value for specified option\n"),
        (["-s", "/nonexistent/script.d"], 1,
         "dtrace: failed to open /nonexistent/script.d: No such file or directory\n"),
    ],
)
def test_errors_are_one_dtrace_line(args: list[str], status: int, err: str) -> None:
    res = run_dtrace(args)
    assert (res.status, res.err, res.out) == (status, err, "")


def test_script_errors_carry_line_numbers(tmp_path: Path) -> None:
    script = tmp_path / "bad.d"
    script.write_text("BEGIN\n{\n\ttrace(1);\n\tx = ;\n}\n")
    res = run_dtrace(["-s", str(script)])
    assert res.status == 1
    assert res.err == f'dtrace: failed to compile script {script}: line 4: syntax error near ";"\n'


def test_bad_command_line_exits_2() -> None:
    res = run_dtrace(["-k"])
    assert res.status == 2
    assert res.err.startswith("dtrace: illegal option -- k\nUsage: dtrace ")
    assert run_dtrace([]).status == 2


def test_zdefs_allows_descriptions_matching_nothing() -> None:
    res = run_dtrace(["-qZn", "syscall::nosuchcall:entry { trace(1); } BEGIN { exit(0); }"])
    assert (res.status, res.err) == (0, "")


def test_exit_after_compile_and_disassembly() -> None:
    res = run_dtrace(["-eS", "-n", "syscall::getpid:entry { @[execname] = count(); }"])
    assert res.status == 0 and res.out == ""
    assert res.err.startswith("Disassembly of probe syscall:vmlinux:getpid:entry:\n")
    assert "call map_lookup_elem" in res.err and "call get_current_comm" in res.err
    assert res.err.rstrip().endswith("exit")


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    res = run_dtrace(["-qo", str(out), "-n", 'BEGIN { printf("to file\\n"); exit(0); }'])
    assert res.status == 0 and res.out == ""
    assert out.read_text() == "to file\n\n"


def test_macro_arguments(tmp_path: Path) -> None:
    script = tmp_path / "args.d"
    script.write_text('BEGIN { printf("%d %s %s\\n", $1 + 1, $$2, $0); exit(0); }\n')
    res = run_dtrace(["-qs", str(script), "41", "word"])
    assert (res.status, res.out) == (0, f"42 word {script}\n\n")
    res = run_dtrace(["-qs", str(script), "41"])
    assert res.status == 1
    assert "macro argument $$2 is not defined" in res.err


def test_interpreter_line_script(tmp_path: Path) -> None:
    script = tmp_path / "hashbang.d"
    wrapper = tmp_path / "dtrace"
    wrapper.write_text(f"#!/bin/sh\nexec {sys.executable} -m pydtrace \"$@\"\n")
    wrapper.chmod(0o755)
    script.write_text(f'#!{wrapper} -qs\nBEGIN {{ printf("%s\\n", $$1); exit(0); }}\n')
    script.chmod(0o755)
    p = subprocess.run([str(script), "hello"], capture_output=True, text=True, timeout=60)
    assert (p.returncode, p.stdout) == (0, "hello\n\n")


def test_cpp_with_defines(tmp_path: Path) -> None:
    script = tmp_path / "cpp.d"
    script.write_text('#define GREETING "hi"\nBEGIN { printf("%s %d\\n", GREETING, N); exit(0); }\n')
    res = run_dtrace(["-qC", "-DN=5", "-s", str(script)])
    assert (res.status, res.out) == (0, "hi 5\n\n")


def test_target_pid_with_p(workloads: dict[str, str]) -> None:
    sleeper = subprocess.Popen(["sleep", "30"])
    try:
        res = run_dtrace(["-qp", str(sleeper.pid), "-n",
                          'BEGIN { printf("%d\\n", $target); exit(0); }'])
        assert (res.status, res.out) == (0, f"{sleeper.pid}\n\n")
    finally:
        sleeper.kill()
        sleeper.wait()


def test_p_ends_when_the_process_exits() -> None:
    sleeper = subprocess.Popen(["sleep", "1"])
    try:
        res = run_dtrace(["-qp", str(sleeper.pid), "-n", "tick-10ms { @ = count(); }"],
                         timeout=30)
        assert res.status == 0
    finally:
        sleeper.wait()


def test_version() -> None:
    res = run_dtrace(["-V"])
    assert (res.status, res.out) == (0, "dtrace: Oracle D 2.0\n")


def _held_by(pid: int) -> dict[str, set[int]]:
    """BPF objects a process holds, by kind, from its fdinfo."""
    held: dict[str, set[int]] = {"prog_id": set(), "map_id": set(), "link_id": set()}
    for fd in os.listdir(f"/proc/{pid}/fdinfo"):
        try:
            text = Path(f"/proc/{pid}/fdinfo/{fd}").read_text()
        except OSError:
            continue
        for line in text.splitlines():
            key, _, value = line.partition(":")
            if key in held:
                held[key].add(int(value))
    return held


def _alive() -> dict[str, set[int]]:
    return {"prog_id": set(object_ids(Cmd.PROG_GET_NEXT_ID)),
            "map_id": set(object_ids(Cmd.MAP_GET_NEXT_ID)),
            "link_id": set(object_ids(Cmd.LINK_GET_NEXT_ID))}


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signal_stops_cleanly_and_leaves_nothing(sig: signal.Signals,
                                                 workloads: dict[str, str]) -> None:
    p = subprocess.Popen(
        [sys.executable, "-m", "pydtrace", "-qn",
         'BEGIN { printf("ready\\n"); } '
         f'syscall::getpid:entry /ppid == {os.getpid()}/ {{ @[execname] = count(); }}'
         " syscall:::entry /pid == 0/ { trace(1); }"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert p.stdout is not None
    assert p.stdout.readline() == "ready\n"
    held = _held_by(p.pid)
    assert held["prog_id"] and held["map_id"]
    subprocess.run([workloads["getpid"], "10"], check=True)
    time.sleep(0.2)
    p.send_signal(sig)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    assert err == ""
    assert out.startswith("\n\n")  # the newline after ^C, then the end-of-run one
    assert f"  {'getpid':<50s} {10:16d}\n" in out
    # the kernel frees maps and programs a little after their last fd closes
    deadline = time.monotonic() + 5
    while True:
        alive = _alive()
        left = {kind: ids & alive[kind] for kind, ids in held.items() if ids & alive[kind]}
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert left == {}
    assert os.listdir("/sys/fs/bpf") == [] or not any(
        n.startswith("dt") for n in os.listdir("/sys/fs/bpf"))


def test_listing_by_provider_function_module_and_id() -> None:
    res = run_dtrace(["-lP", "dtrace"])
    assert res.out.splitlines()[1:] == [
        "    1     dtrace                                                     BEGIN",
        "    2     dtrace                                                     END",
        "    3     dtrace                                                     ERROR",
    ]
    res = run_dtrace(["-lf", "syscall::getpid"])
    assert [line.split()[1:] for line in res.out.splitlines()[1:]] == [
        ["syscall", "vmlinux", "getpid", "entry"], ["syscall", "vmlinux", "getpid", "return"]]
    res = run_dtrace(["-lm", "sdt:sched"])
    assert res.status == 0 and "sched_switch" in res.out
    res = run_dtrace(["-li", "2"])
    assert res.out.splitlines()[1].split() == ["2", "dtrace", "END"]


def test_program_options_name_different_fields(workloads: dict[str, str]) -> None:
    res = run_dtrace(["-qc", f"{workloads['getpid']} 9", "-f",
                      "syscall::getpid /pid == $target/ { @ = count(); }"])
    assert (res.status, res.out) == (0, "\n               18\n")  # entry and return
    res = run_dtrace(["-qi", '1 { printf("one\\n"); exit(0); }'])
    assert (res.status, res.out) == (0, "one\n\n")
    res = run_dtrace(["-f", "syscall::getpid:entry { exit(0); }"])
    assert res.status == 1
    assert res.err.endswith('invalid probe description "syscall::getpid:entry": '
                            "Overspecified probe description\n")


def test_verbose_prints_stability() -> None:
    res = run_dtrace(["-vqn", "BEGIN { exit(0); }"])
    assert res.status == 0
    assert res.out.startswith(
        "\nStability attributes for description BEGIN :\n\n"
        "\tMinimum Probe Description Attributes\n\t\tIdentifier Names: Unstable\n")


def test_pragma_options(tmp_path: Path) -> None:
    script = tmp_path / "p.d"
    script.write_text('#pragma D option quiet\n#pragma D option strsize=4\n'
                      'BEGIN { s = "abcdefgh"; printf("%s\\n", s); exit(0); }\n')
    res = run_dtrace(["-s", str(script)])
    assert (res.status, res.out, res.err) == (0, "abcd\n\n", "")  # strsize characters


def test_bytes_that_are_not_utf8_go_out_unchanged() -> None:
    # D strings are bytes: a format's \xc0 and %c of 192 print the byte 0xc0
    res = subprocess.run(
        [sys.executable, "-m", "pydtrace", "-qn",
         'BEGIN { printf("\\xc0%c|", 193); system("printf \'\\xc2\'"); exit(0); }', "-w"],
        capture_output=True, timeout=60, env={**os.environ, "LANG": "C.UTF-8"},
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout == b"\xc0\xc1|\xc2\n"


def test_bpflog_prints_every_verifier_log() -> None:
    res = run_dtrace(["-x", "bpflog", "-qn", 'BEGIN { printf("up\\n"); exit(0); }'])
    assert (res.status, res.out) == (0, "up\n\n")
    lines = res.err.splitlines()
    # the program for BEGIN (and the one for ERROR) pass, each with its log
    assert lines and all(line.startswith("BPF: ") for line in lines)
    assert sum(line.startswith("BPF: processed ") for line in lines) >= 1
    quiet = run_dtrace(["-qn", 'BEGIN { printf("up\\n"); exit(0); }'])
    assert quiet.err == ""
