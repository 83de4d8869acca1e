"""print()'s layout of kernel types (DTrace 2.x's format), from raw bytes."""

from __future__ import annotations

import struct

from pydtrace.consumer.printtype import format_print
from pydtrace.types.dtypes import INT, ArrayType, IntType
from pydtrace.types.kernel import struct_type

PAD = " " * 44


def lines(*rows: tuple[int, str]) -> str:
    return "".join(f"{PAD}{' ' * depth}{text}\n" for depth, text in rows)


def test_zero_members_are_left_out() -> None:
    t = struct_type("struct", "list_head")
    out = format_print(0x1000, t, struct.pack("<QQ", 0xFFFF0000, 0), 8192)
    assert out == "0x1000 = *\n" + lines(
        (0, "(struct list_head) {"),
        (1, ".next = (struct list_head *)0xffff0000,"),
        (0, "}"))


def test_anonymous_members_and_nesting() -> None:
    t = struct_type("struct", "qstr")
    data = struct.pack("<IIQ", 0x1234, 5, 0xFFFFABCD)
    assert format_print(0x10, t, data, 8192) == "0x10 = *\n" + lines(
        (0, "(struct qstr) {"),
        (1, "(union) {"),
        (2, "(struct) {"),
        (3, ".hash = (u32)4660,"),
        (3, ".len = (u32)5,"),
        (2, "},"),
        (2, ".hash_len = (u64)21474841140,"),
        (1, "},"),
        (1, ".name = (const unsigned char *)0xffffabcd,"),
        (0, "}"))


def test_printsize_cuts_the_walk() -> None:
    t = struct_type("struct", "qstr")
    data = struct.pack("<IIQ", 0x1234, 5, 0xFFFFABCD)
    assert format_print(0x10, t, data, 8) == "0x10 = *\n" + lines(
        (0, "(struct qstr) {"),
        (1, "(union) {"),
        (2, "(struct) {"),
        (3, ".hash = (u32)4660,"),
        (3, ".len = (u32)5,"),
        (2, "},"),
        (2, ".hash_len = (u64)21474841140,"),
        (1, "..."),
        (1, "},"),
        (0, "}"))


def test_all_zero_struct_still_opens_and_closes() -> None:
    t = struct_type("struct", "timespec64")
    assert format_print(0x10, t, bytes(16), 8192) == "0x10 = *\n" + lines(
        (0, "(struct timespec64) {"), (0, "}"))


def test_plain_values() -> None:
    assert format_print(0x8, INT, struct.pack("<i", -3), 8192) == "0x8 = *\n" + lines(
        (0, "(int)-3,"))
    char = IntType("char", 1, True)
    comm = ArrayType("char [8]", 8, char, 8)
    assert format_print(0x8, comm, b"ab\0\0\0\0\0\0", 8192) == "0x8 = *\n" + lines(
        (0, "(char [8]) ["), (1, "(char)'a',"), (1, "(char)'b',"), (0, "],"))
