"""fbt: function boundary tracing, which needs kprobes or fentry.

This kernel has neither (CONFIG_KPROBES is off and tracing programs are
refused), so the provider exists, lists nothing, and says why when named.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from ..bpf.consts import ProgType
from ..codegen.asm import Asm
from .base import Attachment, Probe, ProbeDef, Provider


def kprobes_available() -> bool:
    return os.path.exists("/sys/bus/event_source/devices/kprobe")


class FbtProvider(Provider):
    name = "fbt"
    prog_type = ProgType.KPROBE

    @property
    def unavailable(self) -> str | None:  # type: ignore[override]
        if kprobes_available():
            return "the fbt provider is not implemented yet"
        return "the fbt provider needs kprobes, which this kernel does not have"

    def probes(self) -> Iterable[ProbeDef]:
        return []

    def trampoline(self, asm: Asm, probe: Probe, needed: frozenset[int]) -> None:
        raise AssertionError("fbt lists no probes")

    def attach(self, probe: Probe, prog_fd: int) -> Attachment:
        raise AssertionError("fbt lists no probes")
