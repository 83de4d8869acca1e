"""The Provider interface: every hook becomes "probe id + arg0..arg9".

A provider lists its probes, describes their arguments, emits the BPF
trampoline that fills the machine state from its hook's context, and attaches
a loaded program to the hook.  Nothing above this interface knows where a
probe's arguments really live.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass

from ..bpf.consts import ProgType
from ..codegen.asm import DW, R1, R6, R9, Asm
from ..codegen.context import MS_ARGS
from ..codegen.layout import ProbeInfo


@dataclass(frozen=True)
class ProbeDef:
    """A probe as a provider knows it, before it has an id."""

    module: str
    function: str
    name: str
    #: provider-private detail (tracepoint system/event, period, ...)
    data: object = None


@dataclass(frozen=True)
class Probe:
    info: ProbeInfo
    provider: Provider
    data: object = None

    @property
    def id(self) -> int:
        return self.info.id


class Attachment:
    """File descriptors that keep a program attached; closing detaches."""

    def __init__(self, fds: Iterable[int] = ()) -> None:
        self.fds = list(fds)

    def __enter__(self) -> Attachment:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        """Used while attaching: a failure closes what was already opened."""
        if exc_type is not None:
            self.close()

    def close(self) -> None:
        while self.fds:
            fd = self.fds.pop()
            try:
                os.close(fd)
            except OSError:
                pass


class Provider(ABC):
    name: str
    prog_type: ProgType
    #: why this provider lists nothing on this kernel, when that is so
    unavailable: str | None = None

    @abstractmethod
    def probes(self) -> Iterable[ProbeDef]:
        """Every probe, in listing order."""

    def create(self, module: str, function: str, name: str) -> ProbeDef | None:
        """A probe made on demand for a literal description (profile-N)."""
        return None

    def arg_types(self, probe: Probe) -> list[tuple[str, str]]:
        """(C type, name) of each argument, for ``dtrace -lv``."""
        return []

    @abstractmethod
    def trampoline(self, asm: Asm, probe: Probe, needed: frozenset[int]) -> None:
        """Fill machine state (R9) from the hook's context (R6).

        ``needed`` holds the argument numbers the clauses read (and -1 when
        they read errno); nothing else need be filled.
        """

    @abstractmethod
    def attach(self, probe: Probe, prog_fd: int) -> Attachment:
        """Attach a loaded program to the probe's hook."""

    def attach_many(self, items: list[tuple[Probe, int]]) -> list[Attachment]:
        """Attach several probes at once; providers may share one hook."""
        out: list[Attachment] = []
        try:
            for probe, fd in items:
                out.append(self.attach(probe, fd))
        except BaseException:
            for att in out:
                att.close()
            raise
        return out

    @property
    def fires_itself(self) -> bool:
        """True for providers whose probes the consumer fires (BEGIN, END)."""
        return False


def attach_tracepoint(system: str, event: str, prog_fd: int) -> Attachment:
    """One perf event on a tracefs event, running the program on every CPU."""
    from ..bpf.perf import attach_bpf, tracepoint_open

    with Attachment([tracepoint_open(system, event)]) as att:
        attach_bpf(att.fds[0], prog_fd)
    return att


class TracefsProvider(Provider):
    """A provider whose probes are tracefs events (mounted on first use)."""

    def __init__(self) -> None:
        self._tracefs: str | None = None

    @property
    def tracefs(self) -> str:
        if self._tracefs is None:
            from ..bpf.fs import ensure_tracefs

            self._tracefs = ensure_tracefs()
        return self._tracefs


def zero_args(asm: Asm, start: int, needed: frozenset[int]) -> None:
    """Needed args from ``start`` on read as zero: machine state outlives a firing."""
    for i in sorted(n for n in needed if n >= start):
        asm.st(DW, R9, MS_ARGS + 8 * i, 0)


def copy_u64_args(asm: Asm, ctx_offsets: list[int], needed: frozenset[int]) -> None:
    """argN = *(u64 *)(ctx + offset N), for the needed N."""
    for i, off in enumerate(ctx_offsets[:10]):
        if i in needed:
            asm.ldx(DW, R1, R6, off)
            asm.stx(DW, R9, MS_ARGS + 8 * i, R1)
    zero_args(asm, min(len(ctx_offsets), 10), needed)
