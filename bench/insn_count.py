#!/usr/bin/env python3
"""BPF instruction counts of one probe program, pydtrace vs bpftrace.

    sudo python3 bench/insn_count.py                       # @[execname] = count() on getpid
    sudo python3 bench/insn_count.py --d 'syscall::getpid:entry { }' \
        --bt 'tracepoint:syscalls:sys_enter_getpid { }'

Reports, for each tool:
- generated: what the tool hands to BPF_PROG_LOAD, in 8-byte instruction
  slots (a 64-bit immediate load, lddw, takes two slots) and in instructions.
  pydtrace: `dtrace -q -e -S -n PROGRAM` (disassembly on stderr);
  bpftrace: `bpftrace --emit-elf` + `llvm-objdump -d` when llvm-objdump exists.
- xlated / jited: what the kernel made of it (after the verifier's rewrites,
  e.g. inlined map lookups), read with `bpftool prog show` / `prog dump xlated`
  from the program the tool attached while it runs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)

D_PROG = "syscall::getpid:entry { @[execname] = count(); }"
BT_PROG = "tracepoint:syscalls:sys_enter_getpid { @[comm] = count(); }"
TRACEPOINT = "sys_enter_getpid"


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = REPO + (os.pathsep + e["PYTHONPATH"] if e.get("PYTHONPATH") else "")
    return e


def dtrace_generated(dcmd: list[str], prog: str) -> dict:
    r = subprocess.run(dcmd + ["-q", "-e", "-S", "-n", prog], capture_output=True, text=True,
                       env=env())
    slots = insns = lddw = 0
    last = -1
    for m in re.finditer(r"^(\d{3,}): ((?:[0-9a-f]{2} ){8}) *(\S+)", r.stderr, re.M):
        insns += 1
        last = int(m.group(1))
        if m.group(2).startswith("18 "):  # BPF_LD | BPF_IMM | BPF_DW
            lddw += 1
    slots = insns + lddw
    return {"slots": slots, "insns": insns, "lddw": lddw, "last_index": last,
            "rc": r.returncode, "listing": r.stderr}


def bpftrace_generated(bt: str, prog: str) -> dict | None:
    objdump = shutil.which("llvm-objdump")
    if not objdump:
        return None
    with tempfile.TemporaryDirectory() as d:
        elf = os.path.join(d, "p.o")
        subprocess.run([bt, "--emit-elf", elf, "-e", prog], capture_output=True, text=True)
        if not os.path.exists(elf):
            return None
        r = subprocess.run([objdump, "-d", elf], capture_output=True, text=True)
    insns = lddw = 0
    for m in re.finditer(r"^\s+\d+:\t([0-9a-f ]+)\t", r.stdout, re.M):
        insns += 1
        if len(m.group(1).split()) == 16:
            lddw += 1
    return {"slots": insns + lddw, "insns": insns, "lddw": lddw, "listing": r.stdout}


def tree(root: int) -> set[int]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    s = f.read()
                kids.setdefault(int(s[s.rindex(")") + 2:].split()[1]), []).append(int(d))
            except (OSError, ValueError):
                pass
    out, todo = set(), [root]
    while todo:
        p = todo.pop()
        out.add(p)
        todo.extend(kids.get(p, []))
    return out


def loaded(argv: list[str], wait_s: float = 20.0) -> dict | None:
    """Start a tracer, find the program it attached to TRACEPOINT, dump it, stop it."""
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True, env=env())
    try:
        end = time.monotonic() + wait_s
        while time.monotonic() < end:
            r = subprocess.run(["bpftool", "-j", "perf", "list"], capture_output=True,
                               text=True)
            pids = tree(p.pid)
            hits = [e for e in json.loads(r.stdout or "[]")
                    if e.get("pid") in pids and e.get("tracepoint") == TRACEPOINT]
            if hits:
                pid_ = hits[0]["prog_id"]
                show = json.loads(subprocess.run(
                    ["bpftool", "-j", "prog", "show", "id", str(pid_)],
                    capture_output=True, text=True).stdout)
                dump = subprocess.run(["bpftool", "prog", "dump", "xlated", "id", str(pid_)],
                                      capture_output=True, text=True).stdout
                lines = re.findall(r"^\s*(\d+): \((\w\w)\)", dump, re.M)
                return {"prog_id": pid_, "name": show.get("name"),
                        "xlated_bytes": show.get("bytes_xlated"),
                        "xlated_slots": show.get("bytes_xlated", 0) // 8,
                        "xlated_insns": len(lines),
                        "jited_bytes": show.get("bytes_jited"), "listing": dump}
            if p.poll() is not None:
                return None
            time.sleep(0.05)
        return None
    finally:
        try:
            os.killpg(p.pid, signal.SIGINT)
            p.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--d", default=D_PROG, help="D program (default: %(default)s)")
    ap.add_argument("--bt", default=BT_PROG, help="bpftrace program (default: %(default)s)")
    ap.add_argument("--dtrace-cmd", default=os.environ.get("PYDTRACE_BENCH_DTRACE_CMD")
                    or f"{shlex.quote(sys.executable)} -m pydtrace")
    ap.add_argument("--bpftrace-cmd", default=os.environ.get("PYDTRACE_BENCH_BPFTRACE",
                                                             "bpftrace"))
    ap.add_argument("--listings", action="store_true", help="print the disassemblies")
    a = ap.parse_args()
    dcmd = shlex.split(a.dtrace_cmd)

    dg = dtrace_generated(dcmd, a.d)
    bg = bpftrace_generated(a.bpftrace_cmd, a.bt)
    dl = loaded(dcmd + ["-q", "-n", a.d])
    bl = loaded([a.bpftrace_cmd, "-e", a.bt])

    def g(x, k):
        return "-" if x is None or x.get(k) is None else str(x[k])

    print(f"- pydtrace: `{a.d}`\n- bpftrace: `{a.bt}`\n")
    print("| | pydtrace | bpftrace | ratio |\n|---|---|---|---|")
    rows = [
        ("generated, instructions", g(dg, "insns"), g(bg, "insns")),
        ("generated, 8-byte slots (lddw = 2)", g(dg, "slots"), g(bg, "slots")),
        ("loaded (xlated), instructions", g(dl, "xlated_insns"), g(bl, "xlated_insns")),
        ("loaded (xlated), 8-byte slots", g(dl, "xlated_slots"), g(bl, "xlated_slots")),
        ("JIT-ed bytes (x86-64)", g(dl, "jited_bytes"), g(bl, "jited_bytes")),
    ]
    for label, d, b in rows:
        ratio = f"{int(d) / int(b):.2f}" if d.isdigit() and b.isdigit() and int(b) else "-"
        print(f"| {label} | {d} | {b} | {ratio} |")
    if a.listings:
        for title, x, key in (("pydtrace -S", dg, "listing"), ("bpftrace ELF", bg, "listing"),
                              ("pydtrace xlated", dl, "listing"),
                              ("bpftrace xlated", bl, "listing")):
            if x:
                print(f"\n#### {title}\n```\n{x[key].rstrip()}\n```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
