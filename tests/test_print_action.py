"""print(): the address, then the pointed-to value laid out by its type."""

from __future__ import annotations

import re

from dtrace_helpers import run_dtrace

PAD = " " * 44


def test_print_an_array_and_a_kernel_struct() -> None:
    res = run_dtrace(["-qn", "BEGIN { print(&curthread->comm); setopt(\"printsize\", \"8\");"
                      " print(curthread->signal); exit(0); }"])
    assert res.status == 0, res.err
    out = res.out.splitlines()
    assert re.fullmatch(r"0x[0-9a-f]+ = \*", out[0])
    chars = [f"{PAD} (char)'{c}'," for c in "dtrace"]
    assert out[1:9] == [f"{PAD}(char [16]) [", *chars, f"{PAD}],"]
    assert re.fullmatch(r"0x[0-9a-f]+ = \*", out[9])
    # printsize=8: the first members only, then "..." and the closing braces
    assert out[10] == f"{PAD}(struct signal_struct) {{"
    assert f"{PAD} ..." in out[11:]
    assert out[-2:] == [f"{PAD}}}", ""]  # then the end-of-run newline
