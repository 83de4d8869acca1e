"""syscall:vmlinux:<name>:entry|return, on the syscalls tracepoints.

Entry: arg0..argN are the syscall's arguments (the sys_enter record holds
them as 8-byte fields from offset 16).  Return: arg0 and arg1 are the return
value, and errno is set when it is an error (-4095..-1), as DTrace does.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..bpf.consts import ProgType
from ..bpf.fs import ensure_tracefs
from ..bpf.perf import attach_bpf, tracepoint_open
from ..codegen.asm import DW, R1, R2, R6, R9, Asm
from ..codegen.context import MS_ARGS, MS_ERRNO
from ..types import tracefs
from .base import Attachment, Probe, ProbeDef, Provider, copy_u64_args, zero_args

SYS_ENTER_ARGS = 16


class SyscallProvider(Provider):
    name = "syscall"
    prog_type = ProgType.TRACEPOINT

    def __init__(self) -> None:
        self._tracefs: str | None = None

    @property
    def tracefs(self) -> str:
        if self._tracefs is None:
            self._tracefs = ensure_tracefs()
        return self._tracefs

    def probes(self) -> Iterable[ProbeDef]:
        for name in sorted(tracefs.syscall_names(self.tracefs)):
            yield ProbeDef("vmlinux", name, "entry")
            yield ProbeDef("vmlinux", name, "return")

    def _args(self, probe: Probe) -> tuple:
        return tracefs.syscall_args(self.tracefs, probe.info.function)

    def arg_types(self, probe: Probe) -> list[tuple[str, str]]:
        if probe.info.name == "return":
            return [("int", "arg0"), ("int", "arg1")]
        return [(f.c_type, f.name) for f in self._args(probe)]

    def trampoline(self, asm: Asm, probe: Probe) -> None:
        if probe.info.name == "entry":
            n = len(self._args(probe))
            copy_u64_args(asm, [SYS_ENTER_ARGS + 8 * i for i in range(n)])
            return
        # return: arg0 = arg1 = ret; errno = -ret for -4095 <= ret < 0
        asm.ldx(DW, R1, R6, SYS_ENTER_ARGS)
        asm.stx(DW, R9, MS_ARGS, R1)
        asm.stx(DW, R9, MS_ARGS + 8, R1)
        zero_args(asm, 2)
        ok, done = asm.new_label("noerr"), asm.new_label("errno")
        asm.mov(R2, 0)
        asm.jcc("jsge", R1, 0, ok)
        asm.jcc("jslt", R1, -4095, ok)
        asm.mov(R2, 0)
        asm.sub(R2, _reg(R1))
        asm.label(ok)
        asm.stx(DW, R9, MS_ERRNO, R2)
        asm.label(done)

    def attach(self, probe: Probe, prog_fd: int) -> Attachment:
        kind = "sys_enter_" if probe.info.name == "entry" else "sys_exit_"
        fd = tracepoint_open("syscalls", kind + probe.info.function)
        att = Attachment([fd])
        try:
            attach_bpf(fd, prog_fd)
        except BaseException:
            att.close()
            raise
        return att


def _reg(n: int):  # noqa: ANN202
    from ..codegen.asm import Reg

    return Reg(n)
