#!/usr/bin/env python3
"""Compare pydtrace with bpftrace using the project's shared benchmark harness.

    sudo python3 bench/compare.py                 # every scenario pydtrace can run, 5 reps
    sudo python3 bench/compare.py --reps 3 --quick
    sudo python3 bench/compare.py --scenarios startup --startup-reps 20

What it does:

1. Finds the harness: $PYDTRACE_BENCH_HARNESS, else ../shared/bench/run.py
   relative to the repository root.
2. Preflight: runs every requested scenario once with pydtrace alone
   (--quick --reps 1) and keeps only the scenarios whose checks pass.  A
   scenario that fails is skipped, and the reason (pydtrace's error message) is
   printed; today that is uprobe_overhead (no pid provider) and quantize (no
   quantize()).  --no-preflight runs everything as asked.  The preflight uses
   N/10, so it cannot catch drops that only happen at full N (printf_throughput
   at N=1M: see the note printed at the end).
3. Runs the harness with --tool bpftrace --tool dtrace on the kept scenarios,
   writes the JSON under bench/results/ (gitignored), and prints the harness's
   markdown table followed by the two headline numbers (startup wall time of
   BEGIN { exit(0); } and ns/call added by @[execname] = count() on getpid).

Any option compare.py does not know is passed through to run.py (e.g.
--startup-reps, --n-syscall, --settle, --workload-cpu).

Environment:
  PYDTRACE_BENCH_HARNESS     path of run.py
  PYDTRACE_BENCH_DTRACE_CMD  the dtrace command (default: "<this python> -m pydtrace")
  PYDTRACE_BENCH_BPFTRACE    the bpftrace command (default: bpftrace)

Bytecode: pydtrace is run with its bytecode cached in bench/results/pycache
(PYTHONPYCACHEPREFIX), as an installed package would be, even when
PYTHONDONTWRITEBYTECODE is set in the calling environment.  Without the cache
every dtrace start compiles ~60 modules from source (~+80 ms on the reference
VM).  --no-bytecode-cache keeps the caller's environment as it is.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shlex
import subprocess
import sys
import tempfile

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
RESULTS = os.path.join(BENCH, "results")

# Scenarios in the harness's order.  tracer_rss is measured during
# syscall_count_overhead's runs.
CANDIDATES = ["startup", "syscall_count_overhead", "tracer_rss", "printf_throughput",
              "uprobe_overhead", "quantize"]

# harness raw-run key(s) per scenario, to dig out the error of a failed preflight
RAW_KEYS = {
    "startup": ["startup.begin_exit", "startup.one_tracepoint"],
    "syscall_count_overhead": ["syscall.floor", "syscall.count"],
    "tracer_rss": ["syscall.count"],
    "printf_throughput": ["printf.per_event"],
    "uprobe_overhead": ["uprobe.count"],
    "quantize": ["quantize.entry_return"],
}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def harness_path() -> str:
    env = os.environ.get("PYDTRACE_BENCH_HARNESS")
    if env:
        return os.path.abspath(env)
    return os.path.normpath(os.path.join(REPO, "..", "shared", "bench", "run.py"))


def default_dtrace_cmd() -> str:
    return os.environ.get("PYDTRACE_BENCH_DTRACE_CMD") or (
        f"{shlex.quote(sys.executable)} -m pydtrace")


def child_env(bytecode_cache: bool) -> dict[str, str]:
    env = dict(os.environ)
    # pydtrace must be importable even when it is not pip-installed
    env["PYTHONPATH"] = REPO + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = os.path.join(RESULTS, "pycache")
    return env


def run_harness(harness: str, argv: list[str], env: dict[str, str],
                quiet: bool = False) -> subprocess.CompletedProcess:
    cmd = [sys.executable, harness] + argv
    log("+ " + " ".join(shlex.quote(c) for c in cmd))
    if quiet:
        return subprocess.run(cmd, env=env, capture_output=True, text=True)
    return subprocess.run(cmd, env=env, text=True)


def failure_reason(data: dict, scenario: str) -> str:
    """The first error message of a failed dtrace run in a harness JSON."""
    runs = data.get("runs", {}).get("dtrace", {})
    for key in RAW_KEYS.get(scenario, []):
        for r in runs.get(key, []):
            if r.get("ok"):
                continue
            err = (r.get("stderr_tail") or "").strip().splitlines()
            msg = err[-1] if err else ""
            what = r.get("error") or f"rc={r.get('rc')}"
            return f"{what}: {msg}" if msg else what
    bad = [c for c in data.get("checks", []) if c["tool"] == "dtrace"
           and (c["passed"] != c["total"] or not c["total"])]
    if bad:
        c = bad[0]
        return f"check failed: {c['check']}: {c['passed']}/{c['total']} {c.get('detail')}"
    return "unknown failure"


def preflight(harness: str, dcmd: str, scenarios: list[str], env: dict[str, str],
              passthrough: list[str]) -> tuple[list[str], dict[str, str]]:
    """Run each scenario once with dtrace alone; return (working, {failed: reason})."""
    ok, failed = [], {}
    # a quick harness run per scenario; tracer_rss rides on syscall_count_overhead
    done: dict[str, str | None] = {}
    for sc in scenarios:
        probe_sc = "syscall_count_overhead" if sc == "tracer_rss" else sc
        if probe_sc not in done:
            with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tf:
                path = tf.name
            try:
                argv = ["--tool", "dtrace", "--dtrace-cmd", dcmd, "--scenarios", probe_sc,
                        "--quick", "--reps", "1", "--startup-reps", "1", "--warmup", "1",
                        "--json", path] + passthrough
                r = run_harness(harness, argv, env, quiet=True)
                try:
                    with open(path) as f:
                        data = json.load(f)
                except (OSError, ValueError):
                    data = None
                if data is None:
                    tail = (r.stderr or "").strip().splitlines()[-3:]
                    done[probe_sc] = f"harness failed (rc={r.returncode}): {' / '.join(tail)}"
                elif r.returncode != 0:
                    done[probe_sc] = failure_reason(data, probe_sc)
                else:
                    done[probe_sc] = None
            finally:
                try:
                    os.unlink(path)
                except OSError:
                    pass
        reason = done[probe_sc]
        if reason is None:
            ok.append(sc)
            log(f"preflight: {sc}: ok")
        else:
            failed[sc] = reason
            log(f"preflight: {sc}: SKIPPED - pydtrace fails it: {reason}")
    return ok, failed


def pick(data: dict, tool: str, scenario: str, metric: str) -> dict | None:
    for row in data.get("metrics", {}).get(tool, []):
        if row["scenario"] == scenario and row["metric"] == metric and row.get("n"):
            return row
    return None


def headline(data: dict) -> str:
    rows = [
        ("startup wall, BEGIN { exit(0); }", "startup", "begin_exit: wall", "ms"),
        ("startup wall, BEGIN exit + one getpid probe", "startup", "one_tracepoint: wall", "ms"),
        ("getpid: ns/call added by @[execname] = count()", "syscall_count_overhead",
         "@[comm]=count() added (paired per rep)", "ns/call"),
        ("getpid: same, min(traced) - min(untraced)", "syscall_count_overhead",
         "@[comm]=count() added, min(traced)-min(untraced)", "ns/call"),
        ("getpid: ns/call added by an empty probe (floor)", "syscall_count_overhead",
         "floor: empty program added (paired per rep)", "ns/call"),
        ("launch -> probes attached (READY)", "syscall_count_overhead",
         "tracer launch->READY (attached)", "ms"),
    ]
    out = ["| headline (medians) | unit | bpftrace | dtrace | dtrace/bpftrace |",
           "|---|---|---|---|---|"]
    for label, sc, metric, unit in rows:
        b, d = pick(data, "bpftrace", sc, metric), pick(data, "dtrace", sc, metric)
        if not b or not d:
            continue
        bm, dm = b["median"], d["median"]
        ratio = f"{dm / bm:.2f}" if bm else "-"
        out.append(f"| {label} | {unit} | {bm:.1f} | {dm:.1f} | {ratio} |")
    return "\n".join(out) if len(out) > 2 else ""


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Unknown options are passed to run.py.")
    ap.add_argument("--scenarios", default=",".join(CANDIDATES),
                    help="comma list (default: all: %(default)s); the preflight drops "
                         "the ones pydtrace cannot run yet")
    ap.add_argument("--reps", type=int, default=5, help="reps per traced scenario (default 5)")
    ap.add_argument("--dtrace-cmd", default=default_dtrace_cmd())
    ap.add_argument("--bpftrace-cmd", default=os.environ.get("PYDTRACE_BENCH_BPFTRACE",
                                                             "bpftrace"))
    ap.add_argument("--harness", default=harness_path())
    ap.add_argument("--json", default=None, help="results JSON (default bench/results/...)")
    ap.add_argument("--no-preflight", action="store_true",
                    help="do not try scenarios first; run all of them as asked")
    ap.add_argument("--no-bytecode-cache", action="store_true",
                    help="keep PYTHONDONTWRITEBYTECODE etc. as in the caller's environment")
    a, passthrough = ap.parse_known_args()

    if not os.path.isfile(a.harness):
        log(f"compare.py: harness not found at {a.harness}; set PYDTRACE_BENCH_HARNESS")
        return 2
    if os.geteuid() != 0:
        log("compare.py: warning: not root; the tracers will fail to load BPF programs")
    scen = [s.strip() for s in a.scenarios.split(",") if s.strip()]
    for s in scen:
        if s not in CANDIDATES:
            ap.error(f"unknown scenario {s} (known: {','.join(CANDIDATES)})")
    os.makedirs(RESULTS, exist_ok=True)
    env = child_env(not a.no_bytecode_cache)

    skipped: dict[str, str] = {}
    if not a.no_preflight:
        log(f"preflight with dtrace command: {a.dtrace_cmd}")
        scen, skipped = preflight(a.harness, a.dtrace_cmd, scen, env, passthrough)
    if not scen:
        log("compare.py: no scenario works with pydtrace; nothing to run")
        return 1

    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = a.json or os.path.join(RESULTS, f"{stamp}-bpftrace-dtrace.json")
    argv = ["--tool", "bpftrace", "--tool", "dtrace",
            "--bpftrace-cmd", a.bpftrace_cmd, "--dtrace-cmd", a.dtrace_cmd,
            "--scenarios", ",".join(scen), "--reps", str(a.reps),
            "--json", path] + passthrough
    r = run_harness(a.harness, argv, env)

    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, ValueError):
        log(f"compare.py: harness wrote no results (rc={r.returncode})")
        return r.returncode or 1
    data["compare"] = {"skipped": skipped, "scenarios_run": scen,
                       "dtrace_cmd": a.dtrace_cmd,
                       "bytecode_cache": not a.no_bytecode_cache}
    with open(path, "w") as f:
        json.dump(data, f, indent=1, default=str)

    head = headline(data)
    if head:
        print("\n" + head)
    drops = pick(data, "dtrace", "printf_throughput", "tool-reported lost/drops")
    if drops and drops.get("max"):
        print(f"\nNote: pydtrace dropped events in printf_throughput (up to {drops['max']:,.0f}"
              " per run, reported by dtrace as drops): its ring buffer (-x bufsize, default"
              " 4m) fills faster than the consumer prints, so the 'kernel counter reached N'"
              " check fails. That is DTrace's drop policy, not lost output. To measure"
              " throughput without drops: --dtrace-cmd \"<cmd> -x bufsize=64m\".")
    if skipped:
        print("\nSkipped (pydtrace cannot run them yet):")
        for sc, why in skipped.items():
            print(f"- {sc}: {why}")
    return r.returncode


if __name__ == "__main__":
    sys.exit(main())
