"""User addresses by symbol: /proc/PID/maps and the mapped files' ELF symbols.

DTrace names a user address ``object`func+0xoff`` (object is the mapped
file's base name), ``object`0xaddr`` when the file has no symbol for it,
and plain ``0xaddr`` when no file is mapped there or the process is gone.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from dataclasses import dataclass

from . import elf


@dataclass(frozen=True)
class Mapping:
    start: int
    end: int
    offset: int
    path: str

    @property
    def object(self) -> str:
        return os.path.basename(self.path)


class ProcessMaps:
    """The file-backed mappings of one process, sorted by address."""

    def __init__(self, maps: list[Mapping]) -> None:
        self.maps = sorted(maps, key=lambda m: m.start)
        self.starts = [m.start for m in self.maps]

    @classmethod
    def read(cls, pid: int) -> ProcessMaps | None:
        try:
            with open(f"/proc/{pid}/maps") as f:
                text = f.read()
        except OSError:
            return None
        maps = []
        for line in text.splitlines():
            parts = line.split(None, 5)
            if len(parts) < 6 or not parts[5].startswith("/"):
                continue
            lo, hi = parts[0].split("-")
            path = parts[5].removesuffix(" (deleted)")
            maps.append(Mapping(int(lo, 16), int(hi, 16), int(parts[2], 16), path))
        return cls(maps)

    def mapping(self, addr: int) -> Mapping | None:
        i = bisect_right(self.starts, addr) - 1
        if i >= 0 and addr < self.maps[i].end:
            return self.maps[i]
        return None


def _symbols(pid: int, m: Mapping) -> elf.ElfSymbols | None:
    # the process's own view of the file still works when it was replaced or
    # lives in another mount namespace
    for path in (f"/proc/{pid}/root{m.path}", m.path):
        try:
            st = os.stat(path)
        except OSError:
            continue
        return elf.load(path, st.st_mtime_ns)
    return None


class UserSymbols:
    """Names user addresses, reading each process's maps once per batch."""

    def __init__(self) -> None:
        self._maps: dict[int, ProcessMaps | None] = {}

    def forget(self) -> None:
        """Mappings change: read them afresh for the next records."""
        self._maps.clear()

    def maps(self, pid: int) -> ProcessMaps | None:
        if pid not in self._maps:
            self._maps[pid] = ProcessMaps.read(pid) if pid > 0 else None
        return self._maps[pid]

    def lookup(self, pid: int, addr: int) -> tuple[str, str | None, int]:
        """(object or "", symbol or None, symbol start) for an address."""
        pm = self.maps(pid)
        m = pm.mapping(addr) if pm else None
        if m is None and pm is not None:
            # mapped since the maps were read (dlopen)?
            self._maps.pop(pid)
            pm = self.maps(pid)
            m = pm.mapping(addr) if pm else None
        if m is None:
            return "", None, addr
        syms = _symbols(pid, m)
        if syms is not None:
            vaddr = syms.vaddr_of_offset(addr - m.start + m.offset)
            hit = syms.lookup(vaddr) if vaddr is not None else None
            if hit is not None:
                name, start = hit
                return m.object, name, addr - (vaddr - start)  # type: ignore[operator]
        return m.object, None, addr

    def format(self, pid: int, addr: int) -> str:
        """ustack()'s and uaddr()'s text for an address."""
        obj, name, start = self.lookup(pid, addr)
        if name is not None:
            return f"{obj}`{name}+0x{addr - start:x}" if addr > start else f"{obj}`{name}"
        return f"{obj}`0x{addr:x}" if obj else f"0x{addr:x}"

    def symbol_start(self, pid: int, addr: int) -> int:
        """usym()/ufunc(): the address of the symbol holding ``addr``."""
        return self.lookup(pid, addr)[2]

    def module(self, pid: int, addr: int) -> str:
        obj = self.lookup(pid, addr)[0]
        return obj or f"0x{addr:x}"


USER_SYMBOLS = UserSymbols()
