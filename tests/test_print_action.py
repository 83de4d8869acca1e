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


SCRIPT = """
#pragma D option quiet
enum colour { RED, GREEN = 5 };
struct point {
	int x;
	char tag[4];
	union {
		uint8_t low;
		uint64_t all;
	} u;
	long unused;
	enum colour c;
};
BEGIN
{
	p = (struct point *)alloca(sizeof (struct point));
	p->x = -7;
	p->tag[0] = 'o';
	p->tag[1] = 'k';
	p->u.all = 258;
	p->c = GREEN;
	print(p);
	setopt("printsize", "8");
	print(p);
	exit(0);
}
"""


def test_print_a_script_struct(tmp_path) -> None:  # noqa: ANN001
    script = tmp_path / "point.d"
    script.write_text(SCRIPT)
    res = run_dtrace(["-s", str(script)])
    assert res.status == 0, res.err
    out = [re.sub(r"^0x[0-9a-f]+ = \*$", "ADDR = *", ln) for ln in res.out.splitlines()]
    rows = [
        (0, "(struct point) {"), (1, ".x = (int)-7,"), (1, ".tag = (char [4]) ["),
        (2, "(char)'o',"), (2, "(char)'k',"), (1, "],"), (1, ".u = (union) {"),
        (2, ".low = (uint8_t)2,"), (2, ".all = (uint64_t)258,"), (1, "},"),
        (1, ".c = (enum colour)GREEN,"), (0, "}"),
        # printsize=8: the walk stops at the first member past 8 bytes
    ]
    cut = [(0, "(struct point) {"), (1, ".x = (int)-7,"), (1, ".tag = (char [4]) ["),
           (2, "(char)'o',"), (2, "(char)'k',"), (1, "],"), (1, "..."), (0, "}")]
    expected = ["ADDR = *", *[f"{PAD}{' ' * d}{t}" for d, t in rows],
                "ADDR = *", *[f"{PAD}{' ' * d}{t}" for d, t in cut], ""]
    assert out == expected


def test_json_output_of_memory_actions() -> None:
    import json

    res = run_dtrace(["-x", "oformat=json", "-qn",
                      "BEGIN { tracemem(&curthread->comm[0], 6); print(&curthread->comm);"
                      " exit(0); }"])
    assert res.status == 0, res.err
    probe = json.loads(res.out.splitlines()[0])
    dump, printed = probe["output"]
    assert dump == {"tracemem": b"dtrace".hex()}
    assert printed["print"].splitlines()[1] == f"{PAD}(char [16]) ["
