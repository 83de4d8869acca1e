"""printf format parsing, checking and rendering, with exact DTrace output."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import time

import pytest

from pydtrace.consumer import printf as pf
from pydtrace.consumer.printf import ArgSpec, IntArg, parse_format, render
from pydtrace.consumer.printf_check import ArgInfo, TypeClass, check_args
from pydtrace.errors import CompileError

INT = ArgInfo("int", TypeClass.INTEGER, 4, True, "int")
UINT = ArgInfo("uint_t", TypeClass.INTEGER, 4, False, "unsigned int")
LONG = ArgInfo("long", TypeClass.INTEGER, 8, True, "long")
SHORT = ArgInfo("short", TypeClass.INTEGER, 2, True, "short")
STR = ArgInfo("string", TypeClass.STRING, 256)
PTR = ArgInfo("void *", TypeClass.POINTER, 8, False)


# --- parsing ----------------------------------------------------------------


def test_parse_segments_and_flags() -> None:
    f = parse_format("pid %-08d: %5.2s and %%, done\n")
    convs = f.conversions
    assert [c.spec.name for c in convs if c.spec] == ["d", "s", "%"]
    # a '0' right after '-' turns zero padding on and left-justification off
    assert convs[0].prefix == "pid " and convs[0].zpad and not convs[0].left
    assert convs[0].width == 8
    assert (convs[1].width, convs[1].prec) == (5, 2)
    assert f.items[-1].spec is None and f.items[-1].prefix == ", done\n"
    assert [c.number for c in f.items] == [1, 2, 3, 4]
    assert f.nargs == 2


def test_zero_after_minus_wins() -> None:
    # '0' before any digit sets zero padding and clears '-'.
    c = parse_format("%-0x").conversions[0]
    assert c.zpad and not c.left
    c = parse_format("%0-x").conversions[0]
    assert c.left and not c.zpad


def test_question_mark_is_pointer_width() -> None:
    assert parse_format("%?p").conversions[0].width == 16


def test_length_modifiers_are_part_of_the_name() -> None:
    assert parse_format("%llx %hu %ld %Lf").conversions[0].spec.name == "llx"
    for bad, name in (("%hhd", "hhd"), ("%zu", "z"), ("%jd", "j"), ("%q", "q")):
        with pytest.raises(CompileError) as e:
            parse_format(bad)
        assert e.value.message == f"format conversion #1 is undefined: %{name}"
        assert e.value.tag == "D_SYNTAX"


def test_dynamic_slots() -> None:
    f = parse_format("%*.*s|%@d|%d")
    assert [w for _, w in f.slots()] == ["*", ".*", "value", "value"]
    assert f.has_agg


@pytest.mark.parametrize("fmt,msg", [
    ("ok %", "format conversion #1 name expected before end of format string"),
    ("%d %-*", "format conversion #2 name expected before end of format string"),
    ("%2$s", "format conversion #1 uses unsupported positional format (%n$)"),
    ("%d%+%", "format conversion #2 cannot be combined with other format flags: %%"),
    ("%3.1.2f", "format conversion #1 has more than one '.' specified"),
    ("%**u", "format conversion #1 has more than one '*' specified for the output width"),
    ("%.**u", "format conversion #1 has more than one '*' specified for the output precision"),
    ("%y", "format conversion #1 is undefined: %y"),
])
def test_syntax_errors(fmt: str, msg: str) -> None:
    with pytest.raises(CompileError) as e:
        parse_format(fmt)
    assert e.value.message == msg
    assert e.value.tag == "D_SYNTAX"


# --- compile-time checks ------------------------------------------------------


def _err(fmt: str, args: list[ArgInfo], **kw: object) -> CompileError:
    with pytest.raises(CompileError) as e:
        check_args(parse_format(fmt), "printf", args, **kw)  # type: ignore[arg-type]
    return e.value


def test_check_ok_returns_shapes() -> None:
    specs = check_args(parse_format("%*d %s %x"), "printf", [INT, UINT, STR, LONG])
    assert specs == (ArgSpec(4, True), ArgSpec(4, False), ArgSpec(256, True),
                     ArgSpec(8, True))


def test_check_messages() -> None:
    e = _err("%s", [INT])
    assert e.tag == "D_PRINTF_ARG_TYPE"
    assert e.message == ("printf( ) argument #2 is incompatible with conversion #1 prototype:\n"
                         "\tconversion: %s\n\t prototype: char [] or string (or use stringof)\n"
                         "\t  argument: int")
    e = _err("%u and %u", [INT])
    assert (e.tag, e.message) == ("D_PRINTF_ARG_PROTO", "printf( ) prototype mismatch: "
                                  "conversion #2 (%u) is missing a corresponding value argument")
    e = _err("%x", [INT, INT, INT])
    assert (e.tag, e.message) == ("D_PRINTF_ARG_EXTRA", "printf( ) prototype mismatch: only 1 "
                                  "arguments required by this format string")
    e = _err("%-*.*s", [INT])
    assert e.tag == "D_PRINTF_DYN_PROTO"
    assert e.message == ('printf( ) prototype mismatch: conversion #1 (%s) is missing a '
                         'corresponding ".*" argument')
    e = _err("a%*x", [STR, INT])
    assert e.tag == "D_PRINTF_DYN_TYPE"
    assert e.message == ("printf( ) argument #2 is incompatible with conversion #1 prototype:\n"
                         "\tconversion: % * x\n\t prototype: int\n\t  argument: string")
    e = _err("%@u", [])
    assert (e.tag, e.message) == ("D_PRINTF_AGG_CONV", "%@ conversion requires an aggregation "
                                  "and is not for use with printf( )")
    e = _err("", [])
    assert (e.tag, e.message) == ("D_PRINTF_FMT_EMPTY", "printf( ) format string is empty")


def test_check_typed_conversions() -> None:
    check_args(parse_format("%hd %ld %c %p %p"), "printf", [SHORT, LONG, INT, PTR, LONG])
    e = _err("%hd", [INT])
    assert "prototype: short\n" in e.message
    e = _err("%c", [LONG])
    assert "prototype: char, short, or int\n" in e.message
    u64 = ArgInfo("uint64_t", TypeClass.INTEGER, 8, False, "unsigned long", ("uint64_t",))
    check_args(parse_format("%llx %Y"), "printf", [u64, u64])
    e = _err("%Y", [INT])
    assert "prototype: int64_t\n" in e.message


def test_check_printa_keys() -> None:
    agg = ArgInfo("uint64_t", TypeClass.INTEGER, 8, False)
    specs = check_args(parse_format("%s %@d"), "printa", [STR, INT], agg_arg=agg, exact=False)
    assert specs == (ArgSpec(256, True),)
    stack = ArgInfo("stack", TypeClass.STACK)
    with pytest.raises(CompileError) as e:
        check_args(parse_format("%x\n"), "printa", [stack], agg_arg=agg, exact=False)
    assert e.value.message.startswith("printa( ) argument #2 is incompatible with conversion #1")
    assert e.value.message.endswith("\t  argument: stack")


# --- rendering ------------------------------------------------------------------


def r(fmt: str, *args: object) -> str:
    return render(parse_format(fmt), args)


def test_integers_follow_their_size() -> None:
    assert r("%x", IntArg(-1, 4)) == "ffffffff"
    assert r("%x", IntArg(-1, 8)) == "ffffffffffffffff"
    assert r("%x %X", IntArg(-2, 1), IntArg(-3, 2)) == "fe FFFD"
    assert r("%u", IntArg(-7, 4)) == "4294967289"
    assert r("%o", IntArg(-1, 2)) == "177777"
    assert r("%d", IntArg(4000000000, 4, False)) == "4000000000"
    assert r("%i", IntArg(-42, 2)) == "-42"
    assert r("%d", -9223372036854775808) == "-9223372036854775808"
    assert r("%d", IntArg(18446744073709551615, 8, False)) == "18446744073709551615"


def test_pointer_is_bare_hex() -> None:
    assert r("%p", IntArg(0xFFFF8880DEADBEEF, 8, False)) == "ffff8880deadbeef"
    assert r("[%?p]", IntArg(0x1000, 8, False)) == "[            1000]"
    assert r("%#x %#o %#x", 0x2A, 9, 0) == "0x2a 011 0"


def test_flags_widths_precisions() -> None:
    assert r("[%6d][%-6d][%06d][%+d][% d]", 42, 42, 42, 42, 42) == \
        "[    42][42    ][000042][+42][ 42]"
    assert r("[%+u][% x]", IntArg(5, 4, False), 10) == "[5][a]"
    assert r("[%8.3d][%08.3d][%.0d]", 7, 7, 0) == "[     007][     007][0]"
    assert r("[%'d]", 1234567) == "[1234567]"
    assert r("[%-8x]", 0xBEEF) == "[beef    ]"


def test_strings() -> None:
    assert r("[%s]", "sshd") == "[sshd]"
    assert r("[%8s][%-8s][%.2s]", "vim", "vim", "vim") == "[     vim][vim     ][vi]"
    # ".0" is no precision at all in DTrace.
    assert r("[%.0s][%0.0s]", "emacs", "nano") == "[emacs][nano]"
    assert r("[%05s]", "ab") == "[   ab]"
    # widths count bytes, as C does
    assert r("[%6s]", "caf\u00e9") == "[ caf\u00e9]"
    assert r("[%s]", b"raw\0junk") == "[raw]"


def test_dynamic_width_and_precision() -> None:
    assert r("[%*d]", 5, 3) == "[    3]"
    assert r("[%*d]", -5, 3) == "[3    ]"
    assert r("[%.*s]", 3, "kernel") == "[ker]"
    assert r("[%.*s]", 0, "kernel") == "[kernel]"
    assert r("[%.*s]", -2, "kernel") == "[kernel]"
    assert r("[%*.*s]", 7, 2, "kernel") == "[     ke]"
    assert r("[%-*s]", 4, "ab") == "[ab  ]"


def test_chars_and_escapes() -> None:
    assert r("%c%c%c", 0x44, 0x54, IntArg(0x152, 4)) == "DTR"
    assert r("[%3c]", 0x78) == "[  x]"
    assert r("%S", 'tab\there "q" \\ \x01') == 'tab\\there \\"q\\" \\\\ \\001\\0'
    assert r("%C|%C|%C", 10, 0, 0x41) == "\\n|\\0|A"


def test_floats() -> None:
    assert r("%f %e %g", 0.0, 0.0, 0.0) == "0.000000 0.000000e+00 0"
    assert r("%.2f|%8.3e|%G", 3.14159, 1234.5, 1e-7) == "3.14|1.234e+03|1E-07"
    # a ".0" precision is dropped, so six decimals appear
    assert r("%.0f", 2.5) == "2.500000"
    assert r("[%05.1f]", float("inf")) == "[  inf]"


def test_percent_literal_and_no_conversions() -> None:
    assert r("100%% sure") == "100% sure"
    assert r("plain text\n") == "plain text\n"


def test_time_conversions() -> None:
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Paris"
    time.tzset()
    try:
        # 2021-01-01 00:30:05 CET; in ISO weeks this day belongs to 2020.
        ns = 1609457405 * 1_000_000_000
        assert r("%Y", IntArg(ns, 8, False)) == "2021 Jan  1 00:30:05"
        assert r("%T", IntArg(ns, 8, False)) == "Fri, 01 Jan 2020 00:30:05 CET"
        assert r("[%22Y]", IntArg(ns + 86400 * 200 * 10**9, 8, False)) == \
            "[  2021 Jul 20 01:30:05]"
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()


class FakeSyms:
    def addr2str(self, addr: int) -> str:
        return f"vmlinux`tick+0x{addr - 0x1000:x}" if addr > 0x1000 else f"0x{addr:x}"

    def uaddr2str(self, pid: int, addr: int) -> str:
        return f"libc.so.6`read+0x{addr & 0xFF:x}"


def test_symbol_conversions() -> None:
    f = parse_format("%a|%-22a|%A")
    out = pf.bind(f, symbols=FakeSyms())([0x1010, 0x20, pf.UAddr(123, 0x7F05)])
    assert out == "vmlinux`tick+0x10|0x20                  |libc.so.6`read+0x5"
    assert r("%a", 0x1234) == "0x1234"


def test_stack_conversion() -> None:
    frames = ("vmlinux`a+0x1", "vmlinux`bb")
    assert r("%k", frames) == "\nvmlinux`a+0x1\nvmlinux`bb\n"
    assert r("%-4k", frames) == "\n    vmlinux`a+0x1\n    vmlinux`bb\n"
    assert r("%15k", frames) == "\n  vmlinux`a+0x1\n     vmlinux`bb\n"


def test_bound_fast_path_equals_general_path() -> None:
    f = parse_format("%s pid=%d fd=%x ret=%-5i %u%%\n")
    specs = [ArgSpec(256), ArgSpec(4), ArgSpec(4), ArgSpec(8), ArgSpec(2, False)]
    fast = pf.bind(f, specs)
    slow = pf._slow_renderer(f, specs, None)
    for vals in (["cat", 1, -1, -3, 65535], ["", -5, 0, 2**40, 0]):
        assert fast(vals) == slow(vals)
    assert fast(["cat", 1, -1, -3, 65535]) == "cat pid=1 fd=ffffffff ret=-3    65535%\n"


# --- cross-check the C semantics against the C library itself ---------------------

_LIBC_PATH = ctypes.util.find_library("c")


@pytest.mark.skipif(_LIBC_PATH is None, reason="no C library")
def test_integer_and_string_conversions_match_libc() -> None:
    libc = ctypes.CDLL(_LIBC_PATH)
    buf = ctypes.create_string_buffer(512)

    def c_printf(spec: str, arg: object) -> str:
        libc.snprintf(buf, 512, spec.encode(), arg)
        return buf.value.decode("latin-1")

    flagsets = ["", "-", "0", "+", " ", "#", "-#", "0#", "+0", "- "]
    for flags in flagsets:
        for width in ("", "7"):
            for prec in ("", ".3"):
                for conv in "diuoxX":
                    for v in (0, 1, -1, 255, -4096, 123456789):
                        dfmt = parse_format(f"%{flags}{width}{prec}{conv}")
                        c = dfmt.conversions[0]
                        cflags = ("#" if c.alt else "") + ("0" if c.zpad else "") + \
                            ("-" if c.left else "") + ("+" if c.plus else "") + \
                            (" " if c.space else "")
                        cspec = f"%{cflags}{width}{prec}ll{conv}"
                        got = render(dfmt, [IntArg(v, 8, conv in "di")])
                        want = c_printf(cspec, ctypes.c_longlong(v))
                        assert got == want, (dfmt.source, v)
                dfmt = parse_format(f"%{flags}{width}{prec}s")
                want = c_printf(f"%{'-' if '-' in flags else ''}{width}{prec}s",
                                b"strings")
                assert render(dfmt, ["strings"]) == want, dfmt.source
