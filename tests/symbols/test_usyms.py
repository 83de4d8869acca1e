"""User addresses by symbol, from /proc/PID/maps and ELF symbol tables."""

from __future__ import annotations

import ctypes
import os

from pydtrace.symbols.usyms import UserSymbols


def test_a_libc_function_by_name_and_offset() -> None:
    libc = ctypes.CDLL("libc.so.6")
    addr = ctypes.cast(libc.getpid, ctypes.c_void_p).value
    assert addr is not None
    syms = UserSymbols()
    me = os.getpid()
    assert syms.format(me, addr) == "libc.so.6`getpid"
    assert syms.format(me, addr + 3) == "libc.so.6`getpid+0x3"
    assert syms.symbol_start(me, addr + 3) == addr
    assert syms.module(me, addr + 3) == "libc.so.6"


def test_unmapped_addresses_and_gone_processes_are_hex() -> None:
    syms = UserSymbols()
    assert syms.format(os.getpid(), 0x10) == "0x10"
    assert syms.module(os.getpid(), 0x10) == "0x10"
    assert syms.format(0, 0x1234) == "0x1234"
