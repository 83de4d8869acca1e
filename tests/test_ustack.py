"""ustack(), ucaller, ustackdepth and the u*() actions name user frames by
the symbols of the files the traced process maps."""

from __future__ import annotations

import re

from dtrace_helpers import run_dtrace


def test_ustack_names_frames_by_symbol(workloads: dict[str, str]) -> None:
    res = run_dtrace([
        "-qn", "syscall::getppid:entry /pid == $target/ { ustack(); ustack(2);"
        " printf(\"depth %d\\n\", ustackdepth); exit(0); }",
        "-c", workloads["ustack"]], timeout=30)
    assert res.status == 0, res.err
    lines = res.out.splitlines()
    frames = [ln.strip() for ln in lines if ln.startswith(" " * 14)]
    assert re.fullmatch(r"libc\.so\.6`getppid\+0x[0-9a-f]+", frames[0])
    names = [f.split("+")[0] for f in frames]
    assert names[1:4] == ["ustack`middle", "ustack`outer", "ustack`main"]
    # ustack(2) is the first two frames of the same stack
    assert frames[-2:] == frames[:2]
    depth = int(next(ln for ln in lines if ln.startswith("depth")).split()[1])
    assert depth == len(frames) - 2


def test_user_symbol_actions(workloads: dict[str, str]) -> None:
    res = run_dtrace([
        "-qn", "syscall::getppid:entry /pid == $target/ { uaddr(ucaller); printf(\"\\n\");"
        " usym(ucaller); printf(\"\\n\"); ufunc(ucaller); printf(\"\\n\"); umod(ucaller);"
        " printf(\"\\n\"); @[umod(ucaller)] = count(); exit(0); }",
        "-c", workloads["ustack"]], timeout=30)
    assert res.status == 0, res.err
    lines = res.out.splitlines()
    assert re.fullmatch(r"  ustack`middle\+0x[0-9a-f]+ +", lines[0])
    assert lines[1:4] == [f"  {'ustack`middle':<50}", f"  {'ustack`middle':<50}",
                          f"  {'ustack':<50}"]
    assert lines[-1] == f"  {'ustack':<50} {1:16d}"
