"""profile-N and tick-N: timed probes on the cpu-clock perf event.

profile-N fires on every CPU, tick-N on one (CPU 0).  N is a rate in Hz
unless it carries a unit (ns nsec us usec ms msec s sec m min h hour d day
hz).  arg0 is the kernel PC when the CPU was in the kernel (else 0), arg1 the
user PC when it was in user mode (else 0).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..bpf.consts import PerfSwCount, PerfType, ProgType
from ..bpf.maps import online_cpus
from ..bpf.perf import attach_bpf, perf_event_open
from ..bpf.syscall import MACHINE
from ..codegen.asm import DW, R1, R2, R6, R9, Asm
from ..codegen.context import MS_ARGS
from .base import Attachment, Probe, ProbeDef, Provider, zero_args

UNITS_NS = {
    "ns": 1, "nsec": 1, "us": 1_000, "usec": 1_000, "ms": 1_000_000, "msec": 1_000_000,
    "s": 10**9, "sec": 10**9, "m": 60 * 10**9, "min": 60 * 10**9,
    "h": 3600 * 10**9, "hour": 3600 * 10**9, "d": 86400 * 10**9, "day": 86400 * 10**9,
}
LISTED = [
    "profile-97", "profile-199", "profile-499", "profile-997", "profile-1999",
    "profile-4001", "profile-4999", "tick-1", "tick-10", "tick-100", "tick-500",
    "tick-1000", "tick-5000", "tick-1sec", "tick-10sec",
]
NAME_RE = re.compile(r"^(profile|tick)-(\d+)([a-z]*)$")
MIN_PERIOD_NS = 200_000  # DTrace refuses faster timers

# where the interrupted PC and privilege level sit in struct pt_regs
if MACHINE == "aarch64":
    PC_OFFSET, MODE_OFFSET, MODE_MASK, USER_MODE = 256, 264, 0xF, 0
else:
    PC_OFFSET, MODE_OFFSET, MODE_MASK, USER_MODE = 128, 136, 3, 3


def period_ns(name: str) -> int | None:
    """The period of a profile/tick probe name, or None if it is not one."""
    m = NAME_RE.match(name)
    if not m:
        return None
    value, unit = int(m.group(2)), m.group(3)
    if value == 0:
        return None
    if unit in ("", "hz"):
        return 10**9 // value
    if unit not in UNITS_NS:
        return None
    return value * UNITS_NS[unit]


class ProfileProvider(Provider):
    name = "profile"
    prog_type = ProgType.PERF_EVENT

    def probes(self) -> Iterable[ProbeDef]:
        return [ProbeDef("", "", n, period_ns(n)) for n in LISTED]

    def create(self, module: str, function: str, name: str) -> ProbeDef | None:
        if module or function:
            return None
        ns = period_ns(name)
        if ns is None or ns < MIN_PERIOD_NS:
            return None
        return ProbeDef("", "", name, ns)

    def arg_types(self, probe: Probe) -> list[tuple[str, str]]:
        return [("uint64_t", "pc"), ("uint64_t", "upc")]

    def trampoline(self, asm: Asm, probe: Probe, needed: frozenset[int]) -> None:
        zero_args(asm, 2, needed)
        if not needed & {0, 1}:
            return
        user, done = asm.new_label("user"), asm.new_label("pc")
        asm.ldx(DW, R1, R6, PC_OFFSET)
        asm.ldx(DW, R2, R6, MODE_OFFSET)
        asm.and_(R2, MODE_MASK)
        asm.jeq(R2, USER_MODE, user)
        asm.stx(DW, R9, MS_ARGS, R1)
        asm.st(DW, R9, MS_ARGS + 8, 0)
        asm.ja(done)
        asm.label(user)
        asm.st(DW, R9, MS_ARGS, 0)
        asm.stx(DW, R9, MS_ARGS + 8, R1)
        asm.label(done)

    def attach(self, probe: Probe, prog_fd: int) -> Attachment:
        period = probe.data
        assert isinstance(period, int)
        cpus = online_cpus() if probe.info.name.startswith("profile") else [0]
        with Attachment() as att:
            for cpu in cpus:
                fd = perf_event_open(
                    PerfType.SOFTWARE, PerfSwCount.CPU_CLOCK, pid=-1, cpu=cpu,
                    sample_period=period, name=probe.info.name,
                )
                att.fds.append(fd)
                attach_bpf(fd, prog_fd)
        return att
