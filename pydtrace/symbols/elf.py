"""Function and object symbols of an ELF file, by address.

Only what naming a user address needs: the loadable segments (to turn a file
offset into the address the symbols use) and the symbols of .symtab, or of
.dynsym when the file is stripped, plus those of its debug file
(/usr/lib/debug/.build-id/) when one is installed.  64-bit little-endian files only, which is
every binary on the machines pydtrace runs on.
"""

from __future__ import annotations

import struct
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

_EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
_PHDR = struct.Struct("<IIQQQQQQ")
_SHDR = struct.Struct("<IIQQQQIIQQ")
_SYM = struct.Struct("<IBBHQQ")

PT_LOAD = 1
SHT_SYMTAB, SHT_NOTE, SHT_DYNSYM = 2, 7, 11
NT_GNU_BUILD_ID = 3
#: where distributions install the symbol tables stripped from their files
DEBUG_DIR = "/usr/lib/debug"
STT_OBJECT, STT_FUNC = 1, 2
STB_GLOBAL, STB_WEAK = 1, 2


@dataclass(frozen=True)
class Segment:
    offset: int
    vaddr: int
    filesz: int


class ElfSymbols:
    """The sorted symbols of one file and its loadable segments."""

    def __init__(self, segments: list[Segment], symbols: list[tuple[int, int, str]]) -> None:
        self.segments = segments
        symbols.sort()
        self.starts = [s[0] for s in symbols]
        self.symbols = symbols

    def vaddr_of_offset(self, offset: int) -> int | None:
        """The address the symbols use for a byte at this file offset."""
        for seg in self.segments:
            if seg.offset <= offset < seg.offset + max(seg.filesz, 1):
                return offset - seg.offset + seg.vaddr
        return None

    def lookup(self, vaddr: int) -> tuple[str, int] | None:
        """(name, start) of the symbol that holds ``vaddr``."""
        i = bisect_right(self.starts, vaddr) - 1
        # symbols sharing a start sort together: take the last that covers vaddr
        while i >= 0:
            start, size, name = self.symbols[i]
            if start <= vaddr < start + size:
                return name, start
            if start < vaddr and size:
                break
            i -= 1
        return None


def _read_symbols(data: bytes, shdrs: list[tuple], index: int) -> list[tuple[int, int, str]]:
    _, _, _, _, off, size, link, _, _, entsize = shdrs[index]
    strtab = shdrs[link]
    str_off, str_size = strtab[4], strtab[5]
    out = []
    for pos in range(off, off + size, entsize or _SYM.size):
        name_off, info, _, shndx, value, sym_size = _SYM.unpack_from(data, pos)
        if info & 0xF not in (STT_FUNC, STT_OBJECT) or not value or not shndx:
            continue
        end = data.find(b"\0", str_off + name_off, str_off + str_size)
        name = data[str_off + name_off : end].decode("utf-8", "replace")
        out.append((value, sym_size, name))
    return out


def _layout(data: bytes) -> tuple[list[Segment], list[tuple]] | None:
    """The loadable segments and section headers of a 64-bit little-endian ELF."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return None
    (_, _, _, _, _, phoff, shoff, _, _, phentsize, phnum, shentsize, shnum,
     _) = _EHDR.unpack_from(data)
    segments = []
    for i in range(phnum):
        p_type, _, p_offset, p_vaddr, _, p_filesz, _, _ = _PHDR.unpack_from(
            data, phoff + i * phentsize)
        if p_type == PT_LOAD:
            segments.append(Segment(p_offset, p_vaddr, p_filesz))
    shdrs = [_SHDR.unpack_from(data, shoff + i * shentsize) for i in range(shnum)] \
        if shoff else []
    return segments, shdrs


def parse(data: bytes) -> ElfSymbols | None:
    layout = _layout(data)
    if layout is None:
        return None
    segments, shdrs = layout
    symtab = [i for i, s in enumerate(shdrs) if s[1] == SHT_SYMTAB]
    dynsym = [i for i, s in enumerate(shdrs) if s[1] == SHT_DYNSYM]
    symbols: list[tuple[int, int, str]] = []
    for i in symtab or dynsym:
        symbols.extend(_read_symbols(data, shdrs, i))
    if not symtab:
        # a stripped file: its full symbol table may be installed apart
        symbols.extend(_debug_symbols(_build_id(data, shdrs)))
    return ElfSymbols(segments, symbols)


def _build_id(data: bytes, shdrs: list[tuple]) -> str | None:
    """The GNU build id note, as hex (what names the file's debug file)."""
    for sh in shdrs:
        if sh[1] != SHT_NOTE:
            continue
        pos, end = sh[4], sh[4] + sh[5]
        while pos + 12 <= end:
            namesz, descsz, ntype = struct.unpack_from("<III", data, pos)
            name_at = pos + 12
            desc_at = name_at + ((namesz + 3) & ~3)
            if ntype == NT_GNU_BUILD_ID and data[name_at : name_at + namesz] == b"GNU\0":
                return data[desc_at : desc_at + descsz].hex()
            pos = desc_at + ((descsz + 3) & ~3)
    return None


def _debug_symbols(build_id: str | None) -> list[tuple[int, int, str]]:
    if not build_id or len(build_id) < 3:
        return []
    path = f"{DEBUG_DIR}/.build-id/{build_id[:2]}/{build_id[2:]}.debug"
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return []
    try:
        shoff, shentsize, shnum = (_EHDR.unpack_from(data)[i] for i in (6, 11, 12))
        shdrs = [_SHDR.unpack_from(data, shoff + i * shentsize) for i in range(shnum)]
        out: list[tuple[int, int, str]] = []
        for i, sh in enumerate(shdrs):
            if sh[1] == SHT_SYMTAB:
                out.extend(_read_symbols(data, shdrs, i))
        return out
    except (struct.error, IndexError):
        return []


@lru_cache(maxsize=64)
def load(path: str, mtime_ns: int) -> ElfSymbols | None:
    """The symbols of a file (keyed by mtime too, so a rebuilt file is reread)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
        return parse(data)
    except (OSError, struct.error, IndexError):
        return None


def _functions(data: bytes) -> dict[str, tuple[int, int, str]]:
    """Defined functions of non-zero size: name -> (file offset, size, canonical name).

    Names sharing an address (aliases, weak symbols) share one canonical name,
    as DTrace picks it: global before weak before local, then the fewest
    leading underscores, then the shortest.
    """
    layout = _layout(data)
    if layout is None:
        return {}
    segments, shdrs = layout
    found: dict[str, tuple[int, int]] = {}
    best: dict[int, tuple[tuple[int, int, int, str], str]] = {}
    # .dynsym first then .symtab: both name the same functions where they overlap
    for kind in (SHT_DYNSYM, SHT_SYMTAB):
        for sh in shdrs:
            if sh[1] != kind:
                continue
            _, _, _, _, off, size, link, _, _, entsize = sh
            str_off, str_size = shdrs[link][4], shdrs[link][5]
            for pos in range(off, off + size, entsize or _SYM.size):
                name_off, info, _, shndx, value, sym_size = _SYM.unpack_from(data, pos)
                if info & 0xF != STT_FUNC or not value or not shndx or not sym_size:
                    continue
                end = data.find(b"\0", str_off + name_off, str_off + str_size)
                name = data[str_off + name_off : end].decode("utf-8", "replace")
                name = name.split("@")[0]
                for seg in segments:
                    if seg.vaddr <= value < seg.vaddr + seg.filesz:
                        offset = value - seg.vaddr + seg.offset
                        found.setdefault(name, (offset, sym_size))
                        binding = {STB_GLOBAL: 0, STB_WEAK: 1}.get(info >> 4, 2)
                        rank = (binding, len(name) - len(name.lstrip("_")), len(name), name)
                        if offset not in best or rank < best[offset][0]:
                            best[offset] = (rank, name)
                        break
    return {name: (offset, size, best[offset][1]) for name, (offset, size) in found.items()}


@lru_cache(maxsize=64)
def functions(path: str, mtime_ns: int) -> dict[str, tuple[int, int, str]]:
    """A file's functions: name -> (file offset of the first instruction, size,
    the name DTrace gives the function at that address)."""
    try:
        with open(path, "rb") as f:
            return _functions(f.read())
    except (OSError, struct.error, IndexError):
        return {}
