"""Kernel symbols from /proc/kallsyms: address -> name+offset and name -> address.

Loading parses ~120k lines once into parallel lists sorted by address, so
:meth:`Kallsyms.lookup` is one :func:`bisect.bisect_right`.  The name index is
built only when :meth:`Kallsyms.address` is first asked.

Addresses are only real when the reader may see them: with
``kernel.kptr_restrict`` >= 1 (or without CAP_SYSLOG) the kernel prints every
address as 0.  pydtrace runs as root, where kptr_restrict 0 and 1 both show
them; :attr:`Kallsyms.restricted` says when they are all hidden.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

KALLSYMS = "/proc/kallsyms"
#: The module name DTrace gives the kernel proper (``vmlinux`schedule``).
KERNEL = "vmlinux"

# When several symbols share an address, lookup() names the one with the
# highest rank: a global function over a local one over data or aliases.
_RANK = {"T": 4, "t": 3, "W": 2, "w": 2}
#: How far past the last symbol an address may be and still be named after it
#: (there is no following symbol to bound it).
_LAST_SYMBOL_SPAN = 4096


@dataclass(frozen=True)
class Symbol:
    """One kallsyms entry; ``module`` is None for the kernel proper."""

    address: int
    type: str
    name: str
    module: str | None

    @property
    def is_text(self) -> bool:
        return self.type in "tTwW"


class Kallsyms:
    """A parsed /proc/kallsyms, sorted by address."""

    def __init__(self, text: str) -> None:
        rows = [line.split() for line in text.splitlines()]
        rows = [r for r in rows if len(r) >= 3]
        addrs = [int(r[0], 16) for r in rows]
        self.restricted = not any(addrs)
        # kallsyms is nearly sorted already, so this stable sort is close to
        # linear; ties keep file order and symbol_at() picks among them.
        if all(a <= b for a, b in zip(addrs, addrs[1:], strict=False)):
            order = None
        else:
            order = sorted(range(len(addrs)), key=addrs.__getitem__)
            rows = [rows[i] for i in order]
            addrs = [addrs[i] for i in order]
        self._addrs = addrs
        self._types = [r[1] for r in rows]
        self._names = [r[2] for r in rows]
        # Module symbols end in "[module]"; the kernel's have no fourth column.
        self._mods = [r[3][1:-1] if len(r) > 3 else None for r in rows]
        self._by_name: dict[str, int] | None = None
        self._by_mod_name: dict[tuple[str, str], int] | None = None

    @classmethod
    def load(cls, path: str = KALLSYMS) -> Kallsyms:
        with open(path) as f:
            return cls(f.read())

    def __len__(self) -> int:
        return len(self._addrs)

    def _symbol(self, i: int) -> Symbol:
        return Symbol(self._addrs[i], self._types[i], self._names[i], self._mods[i])

    def symbol_at(self, addr: int) -> Symbol | None:
        """The symbol containing ``addr``: the nearest one at or below it."""
        if self.restricted or addr <= 0:
            return None
        addrs = self._addrs
        i = bisect_right(addrs, addr) - 1
        if i < 0:
            return None
        if i == len(addrs) - 1 and addr - addrs[i] >= _LAST_SYMBOL_SPAN:
            return None
        # Several names can share the address: prefer the best-ranked, then
        # the first listed (the kernel lists the canonical name first).
        best = i
        j = i - 1
        while j >= 0 and addrs[j] == addrs[i]:
            if _RANK.get(self._types[j], 0) >= _RANK.get(self._types[best], 0):
                best = j
            j -= 1
        return self._symbol(best)

    def lookup(self, addr: int) -> tuple[str, str | None, int] | None:
        """``(name, module, offset)`` for ``addr``, module None for the kernel itself."""
        sym = self.symbol_at(addr)
        if sym is None:
            return None
        return sym.name, sym.module, addr - sym.address

    def _index(self) -> None:
        by_name: dict[str, int] = {}
        by_mod: dict[tuple[str, str], int] = {}
        # For a name defined more than once (static functions, module copies)
        # the kernel's own, global definition wins.
        types, mods = self._types, self._mods
        ranked = sorted(
            range(len(self._addrs)),
            key=lambda i: (mods[i] is not None, -_RANK.get(types[i], 0)),
        )
        for i in ranked:
            name, address = self._names[i], self._addrs[i]
            by_name.setdefault(name, address)
            by_mod.setdefault((mods[i] or KERNEL, name), address)
        self._by_name, self._by_mod_name = by_name, by_mod

    def address(self, name: str, module: str | None = None) -> int | None:
        """Address of symbol ``name``, in ``module`` if given ("vmlinux" is the kernel)."""
        if self.restricted:
            return None
        if self._by_name is None or self._by_mod_name is None:
            self._index()
            assert self._by_name is not None and self._by_mod_name is not None
        if module is None:
            return self._by_name.get(name)
        return self._by_mod_name.get((module, name))

    def symbols(self) -> list[Symbol]:
        """Every symbol, sorted by address."""
        return [self._symbol(i) for i in range(len(self._addrs))]

    def format(self, addr: int) -> str:
        """DTrace's spelling of a kernel address: ``module`name+0x1c`` or the bare hex."""
        hit = self.lookup(addr)
        if hit is None:
            return f"0x{addr:x}"
        name, module, off = hit
        where = f"{module or KERNEL}`{name}"
        return f"{where}+0x{off:x}" if off else where


@cache
def kallsyms(path: str = KALLSYMS) -> Kallsyms:
    """The running kernel's symbols, loaded once per process."""
    return Kallsyms.load(path)
