"""kallsyms: a hand-made table, then this machine's /proc/kallsyms."""

from __future__ import annotations

import os

import pytest

from pydtrace.symbols.kallsyms import Kallsyms, Symbol, kallsyms

FAKE = """\
ffffffff81000000 T _stext
ffffffff81000000 T _text
ffffffff81000100 t helper
ffffffff81000200 D some_data
ffffffff81000180 T schedule
ffffffffc0001000 t helper\t[mymod]
ffffffffc0001040 T mod_init\t[mymod]
"""


@pytest.fixture(scope="module")
def fake() -> Kallsyms:
    return Kallsyms(FAKE)


def test_lookup(fake: Kallsyms) -> None:
    assert len(fake) == 7
    assert fake.lookup(0xFFFFFFFF81000180) == ("schedule", None, 0)
    assert fake.lookup(0xFFFFFFFF8100019C) == ("schedule", None, 0x1C)
    # Out-of-order input is sorted: some_data comes after schedule.
    assert fake.lookup(0xFFFFFFFF81000204) == ("some_data", None, 4)
    assert fake.lookup(0xFFFFFFFF81000000) == ("_stext", None, 0)
    assert fake.lookup(0xFFFFFFFFC0001044) == ("mod_init", "mymod", 4)
    assert fake.lookup(0xFFFFFFFF80000000) is None
    assert fake.lookup(0xFFFFFFFFC0101040) is None  # far past the last symbol
    assert fake.symbol_at(0xFFFFFFFFC0001008) == Symbol(0xFFFFFFFFC0001000, "t", "helper", "mymod")


def test_address(fake: Kallsyms) -> None:
    assert fake.address("schedule") == 0xFFFFFFFF81000180
    assert fake.address("helper") == 0xFFFFFFFF81000100  # the kernel's copy first
    assert fake.address("helper", "mymod") == 0xFFFFFFFFC0001000
    assert fake.address("helper", "vmlinux") == 0xFFFFFFFF81000100
    assert fake.address("schedule", "mymod") is None
    assert fake.address("nope") is None


def test_format(fake: Kallsyms) -> None:
    assert fake.format(0xFFFFFFFF8100019C) == "vmlinux`schedule+0x1c"
    assert fake.format(0xFFFFFFFF81000180) == "vmlinux`schedule"
    assert fake.format(0xFFFFFFFFC0001044) == "mymod`mod_init+0x4"
    assert fake.format(0x1234) == "0x1234"


def test_restricted() -> None:
    hidden = Kallsyms("0000000000000000 T _text\n0000000000000000 T schedule\n")
    assert hidden.restricted
    assert hidden.address("schedule") is None
    assert hidden.lookup(0xFFFFFFFF81000000) is None


@pytest.mark.skipif(not os.path.exists("/proc/kallsyms"), reason="no /proc/kallsyms")
def test_real_kernel() -> None:
    ks = kallsyms()
    assert ks is kallsyms()
    if ks.restricted:
        pytest.skip("kallsyms addresses are hidden (kptr_restrict)")
    assert len(ks) > 10_000
    addr = ks.address("schedule")
    assert addr is not None and addr > 0xFFFF_0000_0000_0000
    assert ks.lookup(addr) == ("schedule", None, 0)
    assert ks.lookup(addr + 8) == ("schedule", None, 8)
    assert ks.symbol_at(addr) == Symbol(addr, "T", "schedule", None)
    assert ks.format(addr + 0x10) == "vmlinux`schedule+0x10"
    assert ks.address("do_sys_openat2") is not None
