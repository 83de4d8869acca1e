#!/usr/bin/env python3
"""Where does `dtrace -qn 'BEGIN { exit(0); }'` spend its time?

    sudo python3 bench/startup_profile.py                  # 15 runs, markdown report
    sudo python3 bench/startup_profile.py --reps 30 --json out.json
    sudo python3 bench/startup_profile.py --program 'syscall::getpid:entry { @[execname] = count(); }'

For a program without exit() the child sends itself SIGINT as soon as
Session.go() returns (probes attached), so the run measures startup plus
teardown.

Four measurements, each over --reps fresh processes (medians reported):

1. Wall time of the real command, `python -m pydtrace -q -n PROGRAM`, and of
   `python -c pass` (the interpreter's own start and exit on this machine).
2. Phases, timed inside a child process that runs pydtrace.cli.main() with
   wrappers around pydtrace's own functions (nothing in pydtrace is edited):
   interpreter start (exec -> first line of the child, includes site),
   imports, parse, probe matching, checking + layout, code generation,
   bpf(2) availability check, map creation, program load (assembling +
   BPF_PROG_LOAD, i.e. the verifier), BEGIN (BPF_PROG_TEST_RUN), the first
   ring-buffer poll, attach, stop (detach + END), output and close, and
   interpreter exit (main() returning -> the parent's wait4 returning).
3. `python -X importtime -c 'import pydtrace.cli_run, ...'`: the modules with
   the largest self import time, and how much of the import is pydtrace's own
   modules versus standard-library modules pydtrace pulls in.
4. cProfile of one in-process run: the functions with the most own time.

Bytecode is cached under bench/results/pycache (PYTHONPYCACHEPREFIX) unless
--no-bytecode-cache; the first (warm-up) run fills the cache.
"""

from __future__ import annotations

import time

T_CHILD_FIRST = time.monotonic_ns()  # as early as possible: child mode uses it

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
RESULTS = os.path.join(BENCH, "results")
DEFAULT_PROGRAM = "BEGIN { exit(0); }"

# Modules pydtrace imports lazily (inside functions): imported up front in the
# importtime measurement so that it covers everything a run loads.
IMPORTS = ("pydtrace.cli", "pydtrace.cli_run", "pydtrace.lang.parser",
           "pydtrace.lang.probedesc")

# --------------------------------------------------------------------------
# child: run dtrace in-process with timers around pydtrace's phases
# --------------------------------------------------------------------------

TIMERS: dict[str, list[int]] = {}  # name -> [total ns, calls]
MARKS: dict[str, int] = {}


def _wrap(owner, attr: str, label: str) -> None:
    fn = getattr(owner, attr)

    def wrapper(*a, **kw):
        t = time.monotonic_ns()
        try:
            return fn(*a, **kw)
        finally:
            ent = TIMERS.setdefault(label, [0, 0])
            ent[0] += time.monotonic_ns() - t
            ent[1] += 1

    wrapper.__wrapped__ = fn  # type: ignore[attr-defined]
    setattr(owner, attr, wrapper)


def child(out_path: str, argv: list[str], interrupt_after_go: bool) -> int:
    MARKS["child_first"] = T_CHILD_FIRST
    t = time.monotonic_ns()
    import pydtrace.cli as cli
    import pydtrace.cli_run as cli_run
    MARKS["import_start"] = t
    MARKS["import_end"] = time.monotonic_ns()
    # lazily imported modules are timed separately
    t = time.monotonic_ns()
    import pydtrace.lang.parser  # noqa: F401
    import pydtrace.lang.probedesc  # noqa: F401
    MARKS["lazy_import_ns"] = time.monotonic_ns() - t
    import pydtrace.compiler as compiler
    import pydtrace.runtime as runtime
    import pydtrace.session as session

    S, R = session.Session, runtime.Runtime
    _wrap(cli_run, "build_session", "build_session (argv, macros, read script)")
    _wrap(S, "_parse", "parse (lexer+parser)")
    _wrap(S, "compile", "compile total")
    _wrap(session, "compile_sources", "check+match+layout+codegen")
    _wrap(compiler, "match_clause", "probe matching (provider enumeration)")
    _wrap(compiler, "build_program", "code generation (build_program)")
    _wrap(session, "check_bpf_available", "bpf(2) availability check")
    _wrap(session, "ensure_tracefs", "tracefs/bpffs mount checks")
    _wrap(session, "ensure_bpffs", "tracefs/bpffs mount checks")
    _wrap(S, "go", "go total")
    _wrap(R, "create_maps", "create maps + ring buffer mmap")
    _wrap(R, "load", "load programs (assemble + BPF_PROG_LOAD)")
    _wrap(runtime, "prog_load", "BPF_PROG_LOAD syscalls (verifier)")
    _wrap(R, "fire", "fire BEGIN/END (BPF_PROG_TEST_RUN)")
    _wrap(R, "attach", "attach probes")
    _wrap(S, "poll", "ring buffer polls (records, printing)")
    _wrap(S, "stop", "stop (detach, END)")
    _wrap(S, "aggregations", "aggregation snapshot")
    _wrap(S, "close", "close (fds, munmap)")
    if interrupt_after_go:
        import signal

        go = S.go

        def go_then_sigint(self, *a, **kw):
            r = go(self, *a, **kw)
            MARKS["attached"] = time.monotonic_ns()
            os.kill(os.getpid(), signal.SIGINT)
            return r

        S.go = go_then_sigint
    MARKS["main_start"] = time.monotonic_ns()
    rc = cli.main(argv)
    MARKS["main_end"] = time.monotonic_ns()
    sys.stdout.flush()
    with open(out_path, "w") as f:
        json.dump({"rc": rc, "marks": MARKS, "timers": TIMERS}, f)
    return rc


# --------------------------------------------------------------------------
# parent
# --------------------------------------------------------------------------


def child_env(cache: bool) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    if cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = os.path.join(RESULTS, "pycache")
    return env


def wall(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    t0 = time.monotonic_ns()
    p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = time.monotonic_ns() - t0
    if p.returncode != 0:
        sys.stderr.write(p.stderr.decode(errors="replace"))
    return dt / 1e6, p.returncode


def med(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def phases_once(argv: list[str], env: dict[str, str], interrupt: bool) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tf:
        out = tf.name
    cmd = [sys.executable, os.path.abspath(__file__), "--child", out]
    if interrupt:
        cmd.append("--interrupt-after-go")
    cmd += ["--"] + argv
    t0 = time.monotonic_ns()
    p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    t_end = time.monotonic_ns()
    try:
        with open(out) as f:
            data = json.load(f)
    except (OSError, ValueError):
        raise SystemExit(f"child failed rc={p.returncode}: "
                         f"{p.stderr.decode(errors='replace')}") from None
    finally:
        try:
            os.unlink(out)
        except OSError:
            pass
    m, tm = data["marks"], data["timers"]
    ms = {k: v[0] / 1e6 for k, v in tm.items()}
    ph = {
        "interpreter start (exec, init, site)": (m["child_first"] - t0) / 1e6,
        "import pydtrace (cli, cli_run and what they import)":
            (m["import_end"] - m["import_start"]) / 1e6,
        "lazy imports (lang.parser, lang.probedesc)": m["lazy_import_ns"] / 1e6,
    }
    ph.update(ms)
    ph["main() total"] = (m["main_end"] - m["main_start"]) / 1e6
    ph["interpreter exit (main returned -> reaped)"] = (t_end - m["main_end"]) / 1e6
    ph["total wall (exec -> reaped)"] = (t_end - t0) / 1e6
    if "attached" in m:
        ph["exec -> probes attached"] = (m["attached"] - t0) / 1e6
    ph["_rc"] = data["rc"]
    return ph


def importtime(env: dict[str, str], top: int) -> dict:
    code = "import " + ", ".join(IMPORTS)
    base = subprocess.run([sys.executable, "-X", "importtime", "-c", "pass"], env=env,
                          capture_output=True, text=True).stderr
    base_mods = set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)", base, re.M))
    r = subprocess.run([sys.executable, "-X", "importtime", "-c", code], env=env,
                       capture_output=True, text=True)
    rows = []
    for m in re.finditer(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", r.stderr, re.M):
        rows.append((m.group(4), int(m.group(1)), int(m.group(2))))
    new = [(n, s, c) for n, s, c in rows if n not in base_mods]
    own = sum(s for n, s, _ in new if n.startswith("pydtrace"))
    std = sum(s for n, s, _ in new if not n.startswith("pydtrace"))
    stdmods = sorted(((s, n) for n, s, _ in new if not n.startswith("pydtrace")), reverse=True)
    return {
        "pydtrace_modules": sum(1 for n, _, _ in new if n.startswith("pydtrace")),
        "pydtrace_self_ms": own / 1e3,
        "other_modules": sum(1 for n, _, _ in new if not n.startswith("pydtrace")),
        "other_self_ms": std / 1e3,
        "other_list": [f"{n} {s / 1e3:.1f}" for s, n in stdmods[:12]],
        "top": [(n, s / 1e3, c / 1e3) for n, s, c in sorted(new, key=lambda x: -x[1])[:top]],
    }


def cprofile(argv: list[str], env: dict[str, str], top: int, interrupt: bool) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".prof", delete=False) as tf:
        prof = tf.name
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tf:
        out = tf.name
    cmd = [sys.executable, "-m", "cProfile", "-o", prof, os.path.abspath(__file__),
           "--child", out]
    if interrupt:
        cmd.append("--interrupt-after-go")
    subprocess.run(cmd + ["--"] + argv, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    st = pstats.Stats(prof)
    rows = []
    for (fn, line, name), (_cc, nc, tt, ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        short = fn.replace(REPO + "/", "")
        short = re.sub(r".*/lib/python3\.\d+/", "", short)
        rows.append((f"{short}:{line}({name})", nc, tt * 1e3, ct * 1e3))
    total = st.total_tt * 1e3  # type: ignore[attr-defined]
    for p in (prof, out):
        os.unlink(p)
    return {
        "total_ms": total,
        "by_tottime": sorted(rows, key=lambda r: -r[2])[:top],
    }


ORDER = [
    "interpreter start (exec, init, site)",
    "import pydtrace (cli, cli_run and what they import)",
    "lazy imports (lang.parser, lang.probedesc)",
    "build_session (argv, macros, read script)",
    "compile total",
    "  parse (lexer+parser)",
    "  check+match+layout+codegen",
    "    probe matching (provider enumeration)",
    "    code generation (build_program)",
    "go total",
    "  bpf(2) availability check",
    "  tracefs/bpffs mount checks",
    "  create maps + ring buffer mmap",
    "  load programs (assemble + BPF_PROG_LOAD)",
    "    BPF_PROG_LOAD syscalls (verifier)",
    "  fire BEGIN/END (BPF_PROG_TEST_RUN)",
    "  attach probes",
    "ring buffer polls (records, printing)",
    "stop (detach, END)",
    "aggregation snapshot",
    "close (fds, munmap)",
    "main() total",
    "interpreter exit (main returned -> reaped)",
    "exec -> probes attached",
    "total wall (exec -> reaped)",
]


def main() -> int:
    if "--child" in sys.argv:
        i = sys.argv.index("--child")
        out = sys.argv[i + 1]
        interrupt = "--interrupt-after-go" in sys.argv
        argv = sys.argv[sys.argv.index("--") + 1:]
        return child(out, argv, interrupt)

    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--program", default=DEFAULT_PROGRAM)
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("--json", default=None)
    ap.add_argument("--no-bytecode-cache", action="store_true")
    a = ap.parse_args()
    env = child_env(not a.no_bytecode_cache)
    argv = ["-q", "-n", a.program]
    interrupt = "exit(" not in a.program
    dcmd = [sys.executable, "-m", "pydtrace"] + argv

    # warm up (fills the bytecode cache)
    if not interrupt:
        wall(dcmd, env)
    phases_once(argv, env, interrupt)

    walls, passes, phase_runs = [], [], []
    for _ in range(a.reps):
        if not interrupt:
            w, rc = wall(dcmd, env)
            walls.append(w)
        passes.append(wall([sys.executable, "-c", "pass"], env)[0])
        phase_runs.append(phases_once(argv, env, interrupt))
    names = [n for n in ORDER if any(n.strip() in r for r in phase_runs)]
    phases = {n.strip(): med([r[n.strip()] for r in phase_runs if n.strip() in r]) for n in names}
    it = importtime(env, a.top)
    cp = cprofile(argv, env, a.top, interrupt)

    out = []
    out.append(f"### `dtrace -q -n '{a.program}'`: startup breakdown\n")
    out.append(f"Medians of {a.reps} runs; bytecode "
               f"{'cached' if not a.no_bytecode_cache else 'as in the environment'}; "
               f"python {sys.version.split()[0]}.\n")
    out.append("| what | ms |\n|---|---|")
    if walls:
        out.append(f"| `python -m pydtrace -q -n ...` wall, exec -> exit | {med(walls):.1f} |")
    out.append(f"| `python -c pass` wall (interpreter floor) | {med(passes):.1f} |")
    out.append("\nPhases, timed inside one process per run (sub-phases indented):\n")
    out.append("| phase | median ms |\n|---|---|")
    for n in names:
        v = phases[n.strip()]
        label = n.replace("  ", "&nbsp;&nbsp;")
        out.append(f"| {label} | {v:.2f} |")
    out.append(f"\nImports (`python -X importtime`, one run): {it['pydtrace_modules']} pydtrace "
               f"modules, {it['pydtrace_self_ms']:.1f} ms self time; {it['other_modules']} other "
               f"modules pulled in, {it['other_self_ms']:.1f} ms "
               f"({', '.join(it['other_list'])}).\n")
    out.append("| module | self ms | cumulative ms |\n|---|---|---|")
    for n, s, c in it["top"]:
        out.append(f"| {n} | {s:.1f} | {c:.1f} |")
    out.append(f"\ncProfile, one run in-process ({cp['total_ms']:.0f} ms profiled; "
               "profiling inflates small calls), functions by own time:\n")
    out.append("| function | calls | own ms | cumulative ms |\n|---|---|---|---|")
    for n, nc, tt, ct in cp["by_tottime"]:
        out.append(f"| `{n}` | {nc} | {tt:.1f} | {ct:.1f} |")
    text = "\n".join(out)
    print(text)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"program": a.program, "walls_ms": walls, "pass_ms": passes,
                       "phases_runs": phase_runs, "phases_median": phases,
                       "importtime": it, "cprofile": cp, "markdown": text}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
