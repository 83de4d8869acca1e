"""System call numbers by name, from the kernel's UAPI header.

The tracefs syscall events are named after the kernel's SYSCALL_DEFINE
names, which differ from the __NR_ names for a few old calls (newstat is
__NR_stat); those are mapped back.  Without the header the table is empty and
every syscall probe is attached on its own tracepoint.
"""

from __future__ import annotations

import re
from functools import cache

from ..bpf.syscall import MACHINE

HEADERS = {
    "x86_64": ["/usr/include/x86_64-linux-gnu/asm/unistd_64.h", "/usr/include/asm/unistd_64.h"],
    "aarch64": ["/usr/include/asm-generic/unistd.h"],
}
DEFINE = re.compile(r"^#define\s+__NR3?2?_(\w+)\s+(\d+)\s*$", re.M)
RENAMED = {
    "newstat": "stat", "newlstat": "lstat", "newfstat": "fstat", "newuname": "uname",
    "sendfile64": "sendfile", "umount": "umount2",
}
# Calls newer than the headers Debian 12 ships; numbers from 424 on are the
# same on every architecture, uprobe/uretprobe are x86_64's own.
NEWER = {
    "cachestat": 451, "fchmodat2": 452, "map_shadow_stack": 453, "futex_wake": 454,
    "futex_wait": 455, "futex_requeue": 456, "statmount": 457, "listmount": 458,
    "lsm_get_self_attr": 459, "lsm_set_self_attr": 460, "lsm_list_modules": 461,
    "mseal": 462, "setxattrat": 463, "getxattrat": 464, "listxattrat": 465,
    "removexattrat": 466, "open_tree_attr": 467, "file_getattr": 468, "file_setattr": 469,
}
NEWER_X86_64 = {"uretprobe": 335, "uprobe": 336}


@cache
def syscall_numbers() -> dict[str, int]:
    for path in HEADERS.get(MACHINE, []):
        try:
            with open(path) as f:
                text = f.read()
        except OSError:
            continue
        table = {name: int(nr) for name, nr in DEFINE.findall(text)}
        extra = {**NEWER, **(NEWER_X86_64 if MACHINE == "x86_64" else {})}
        for name, nr in extra.items():
            table.setdefault(name, nr)
        return table
    return {}


def number(event_name: str) -> int | None:
    """The number of the syscall whose tracefs events are sys_*_<event_name>."""
    table = syscall_numbers()
    if event_name in table:
        return table[event_name]
    return table.get(RENAMED.get(event_name, ""))
