"""Drops: what the kernel side could not record, counted and reported the way
DTrace reports them.

Principal-buffer and aggregation drops are counted per CPU and reported per
CPU; the others (dynamic variables, speculations) are reported as totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class DropKind(Enum):
    PRINCIPAL = "DTRACEDROP_PRINCIPAL"
    AGGREGATION = "DTRACEDROP_AGGREGATION"
    DYNAMIC = "DTRACEDROP_DYNAMIC"
    SPEC = "DTRACEDROP_SPEC"
    SPECBUSY = "DTRACEDROP_SPECBUSY"
    SPECUNAVAIL = "DTRACEDROP_SPECUNAVAIL"


#: kind -> (what is dropped, what DTrace adds after the plural)
_TOTAL_WORDS = {
    DropKind.DYNAMIC: ("dynamic variable drop", ""),
    DropKind.SPEC: ("speculative drop", ""),
    DropKind.SPECBUSY: ("failed speculation", " (available buffer(s) still busy)"),
    DropKind.SPECUNAVAIL: ("failed speculation", " (no speculative buffer available)"),
}


@dataclass(frozen=True)
class Drop:
    kind: DropKind
    count: int
    #: the CPU, for principal and aggregation drops; None for totals
    cpu: int | None = None

    def message(self, tags: bool = False) -> str:
        """DTrace's text (after "dtrace: "), tagged under -x droptags."""
        tag = f"[{self.kind.value}] " if tags else ""
        plural = "s" if self.count > 1 else ""
        if self.kind in (DropKind.PRINCIPAL, DropKind.AGGREGATION):
            what = "" if self.kind is DropKind.PRINCIPAL else "aggregation "
            return f"{tag}{self.count} {what}drop{plural} on CPU {self.cpu}"
        noun, tail = _TOTAL_WORDS[self.kind]
        return f"{tag}{self.count} {noun}{plural}{tail}"


class DropCounters:
    """Remembers what was reported, so each check reports only new drops."""

    def __init__(self) -> None:
        self._seen: dict[tuple[DropKind, int | None], int] = {}

    def per_cpu(self, kind: DropKind, counts: list[int]) -> list[Drop]:
        out = []
        for cpu, n in enumerate(counts):
            prev = self._seen.get((kind, cpu), 0)
            if n > prev:
                out.append(Drop(kind, n - prev, cpu))
                self._seen[(kind, cpu)] = n
        return out

    def total(self, kind: DropKind, count: int) -> list[Drop]:
        prev = self._seen.get((kind, None), 0)
        if count <= prev:
            return []
        self._seen[(kind, None)] = count
        return [Drop(kind, count - prev)]
