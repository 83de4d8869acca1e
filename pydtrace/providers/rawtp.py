"""rawtp:<system>::<event> — raw tracepoints, arguments typed from BTF.

The context of a raw tracepoint program is the array of the tracepoint's
arguments, one u64 each; their types come from the kernel's btf_trace_<event>
typedefs.  The system is the tracefs system of the same event where there is
one ("vmlinux" for bare tracepoints).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..bpf.consts import ProgType
from ..bpf.fs import ensure_tracefs
from ..bpf.progs import raw_tracepoint_open
from ..codegen.asm import Asm
from ..types import tracefs
from .base import Attachment, Probe, ProbeDef, Provider, copy_u64_args


class RawtpProvider(Provider):
    name = "rawtp"
    prog_type = ProgType.RAW_TRACEPOINT

    def probes(self) -> Iterable[ProbeDef]:
        systems = {event: system for system, event in tracefs.list_events(ensure_tracefs())}
        for event in sorted(vmlinux().rawtp_events()):
            yield ProbeDef(systems.get(event, "vmlinux"), "", event)

    def arg_types(self, probe: Probe) -> list[tuple[str, str]]:
        btf = vmlinux()
        types = btf.rawtp_arg_types(probe.info.name)
        names = btf.rawtp_arg_names(probe.info.name)
        return list(zip(types, names, strict=False))

    def trampoline(self, asm: Asm, probe: Probe, needed: frozenset[int]) -> None:
        n = len(vmlinux().rawtp_arg_types(probe.info.name))
        copy_u64_args(asm, [8 * i for i in range(n)], needed)

    def attach(self, probe: Probe, prog_fd: int) -> Attachment:
        return Attachment([raw_tracepoint_open(probe.info.name, prog_fd)])


def vmlinux():  # noqa: ANN201
    """The kernel's BTF, read only when raw tracepoints are listed or used."""
    from ..types.btf import vmlinux as load

    return load()
