"""The dtrace provider: BEGIN, END and ERROR.

Their programs are raw-tracepoint programs run with BPF_PROG_TEST_RUN, which
executes synchronously in dtrace's own thread: BEGIN before any other probe
is enabled, END after all others are disabled.  ERROR's arguments (the
faulting enabled probe, action, fault and address) come in the run's context.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..bpf.consts import ProgType
from ..codegen.asm import Asm
from .base import Attachment, Probe, ProbeDef, Provider, copy_u64_args, zero_args

ERROR_ARGS = [
    ("uint64_t", "arg0"), ("uint32_t", "epid"), ("uint32_t", "clause"),
    ("int", "offset"), ("uint64_t", "fault"), ("uint64_t", "addr"),
]


class DTraceProvider(Provider):
    name = "dtrace"
    prog_type = ProgType.RAW_TRACEPOINT

    def probes(self) -> Iterable[ProbeDef]:
        return [ProbeDef("", "", n) for n in ("BEGIN", "END", "ERROR")]

    def arg_types(self, probe: Probe) -> list[tuple[str, str]]:
        return ERROR_ARGS if probe.info.name == "ERROR" else []

    def trampoline(self, asm: Asm, probe: Probe, needed: frozenset[int]) -> None:
        if probe.info.name == "ERROR":
            copy_u64_args(asm, [8 * i for i in range(len(ERROR_ARGS))], needed)
        else:
            zero_args(asm, 0, needed)

    def attach(self, probe: Probe, prog_fd: int) -> Attachment:
        return Attachment()

    @property
    def fires_itself(self) -> bool:
        return True
