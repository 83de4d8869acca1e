"""trace() output and the default probe lines of dtrace without -q."""

from __future__ import annotations

from pydtrace.consumer import traceformat as tf


def test_heading_and_probe_line() -> None:
    assert tf.heading() == "CPU     ID                    FUNCTION:NAME\n"
    assert tf.heading(testing=True) == "                   FUNCTION:NAME\n"
    assert tf.probe_line(3, 87412, "do_sys_open", "entry") == \
        "  3  87412                do_sys_open:entry "
    assert tf.probe_line(0, 1, "", "BEGIN") == "  0      1                           :BEGIN "
    long_name = "a_really_long_kernel_function_name:return"
    assert tf.probe_line(12, 5, "a_really_long_kernel_function_name", "return") == \
        f" 12      5 {long_name} "


def test_a_firing_with_trace_values() -> None:
    line = tf.probe_line(1, 9, "", "tick-1s") + tf.trace_int(-1, 8) + tf.trace_str("hi") + \
        tf.END_OF_PROBE
    assert line == "  1      9                         :tick-1s " + \
        "                  -1" + "  hi" + " " * 31 + "\n"


def test_trace_integers_by_size() -> None:
    assert tf.trace_int(-1, 8) == " " + " " * 17 + "-1"
    assert tf.trace_int(-1, 4) == "         -1"
    assert tf.trace_int(-1, 2) == "    -1"
    assert tf.trace_int(-1, 1) == "  -1"
    assert tf.trace_int(-1, 8, signed=False) == " 18446744073709551615"
    assert tf.trace_int(-1, 4, signed=False) == " 4294967295"
    assert tf.trace_int(-1, 2, signed=False) == " 65535"
    assert tf.trace_int(-1, 1, signed=False) == " 255"
    assert tf.trace_int(300, 1, signed=False) == "  44"
    assert tf.trace_int(-5, 4, quiet=True) == "-5"
    assert tf.trace_int(-5, 4, signed=False, quiet=True) == "4294967291"


def test_trace_strings() -> None:
    assert tf.trace_str("x") == "  x" + " " * 32
    assert tf.trace_str("y" * 40) == "  " + "y" * 40
    assert tf.trace_str("%d literally\n", quiet=True) == "%d literally\n"
    assert tf.trace_data(b"name\0\0\0\0", is_string=True) == "  name" + " " * 29


def test_hexdump() -> None:
    data = b"GET / HTTP/1.1\r\nHost"
    assert tf.hexdump(data) == (
        "\n             0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f  0123456789abcdef\n"
        "         0: 47 45 54 20 2f 20 48 54 54 50 2f 31 2e 31 0d 0a  GET / HTTP/1.1..\n"
        "        10: 48 6f 73 74" + "   " * 12 + "  Host\n")
    assert tf.hexdump(b"") == ""
    assert tf.trace_data(b"\x01\x02", is_string=False) == tf.hexdump(b"\x01\x02")


def test_bytes_that_look_like_strings() -> None:
    assert tf.format_bytes(b"abc\0\0", 10) == "  abc       "
    assert tf.format_bytes(b"abc\0\0", 10, quiet=True) == "abc"
    assert tf.format_bytes(b"abc", 5, quiet=True) == "  abc  "
    assert tf.format_bytes(b"ab\0c", 5) == tf.hexdump(b"ab\0c")
    assert tf.format_bytes(b"\0abc", 5) == tf.hexdump(b"\0abc")


def test_stack_and_symbols() -> None:
    assert tf.trace_stack(["vmlinux`f+0x3", "vmlinux`g"]) == \
        "\n" + " " * 14 + "vmlinux`f+0x3\n" + " " * 14 + "vmlinux`g\n"
    assert tf.trace_sym("vmlinux`schedule") == "  vmlinux`schedule" + " " * 34


def test_flowindent() -> None:
    assert tf.heading(flowindent=True) == "CPU FUNCTION" + " " * 33 + "\n"
    fl = tf.FlowIndent()
    lines = [
        fl.line(0, 10, 1, "fbt", "outer", "entry"),
        fl.line(0, 11, 1, "fbt", "inner", "entry"),
        fl.line(0, 12, 2, "profile", "", "tick-1s"),
        fl.line(0, 13, 1, "fbt", "inner", "return"),
        fl.line(0, 20, 1, "syscall", "read", "return"),
    ]
    texts = [ln[4:].rstrip() for ln in lines]
    assert texts == [" -> outer", "   -> inner", "    | :tick-1s", "   <- inner", " <= read"]
    assert len(lines[0]) == 4 + 41 + 1
    assert tf._flow_kind("method-entry") == "entry"
    assert tf._flow_kind("gentry") == ""
