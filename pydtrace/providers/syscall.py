"""syscall:vmlinux:<name>:entry|return, on the syscalls tracepoints.

Entry: arg0..argN are the syscall's arguments (the sys_enter record holds
them as 8-byte fields from offset 16).  Return: arg0 and arg1 are the return
value, and errno is set when it is an error (-4095..-1), as DTrace does.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable

from ..bpf.consts import Helper, MapType, ProgType
from ..bpf.maps import Map
from ..bpf.progs import prog_load
from ..codegen.asm import DW, R0, R1, R2, R3, R6, R9, Asm
from ..codegen.context import MS_ARGS, MS_ERRNO
from ..types import tracefs
from .base import (
    Attachment,
    Probe,
    ProbeDef,
    TracefsProvider,
    attach_tracepoint,
    copy_u64_args,
    zero_args,
)
from .syscall_table import number

SYS_ENTER_ARGS = 16
DISPATCH_THRESHOLD = 3


class SyscallProvider(TracefsProvider):
    name = "syscall"
    prog_type = ProgType.TRACEPOINT

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

    def trampoline(self, asm: Asm, probe: Probe, needed: frozenset[int]) -> None:
        if probe.info.name == "entry":
            n = len(self._args(probe)) if needed else 0
            copy_u64_args(asm, [SYS_ENTER_ARGS + 8 * i for i in range(n)], needed)
            if -1 in needed:
                asm.st(DW, R9, MS_ERRNO, 0)
            return
        # return: arg0 = arg1 = ret; errno = -ret for -4095 <= ret < 0
        zero_args(asm, 2, needed)
        if not needed & {-1, 0, 1}:
            return
        asm.ldx(DW, R1, R6, SYS_ENTER_ARGS)
        for i in (0, 1):
            if i in needed:
                asm.stx(DW, R9, MS_ARGS + 8 * i, R1)
        if -1 not in needed:
            return
        ok, done = asm.new_label("noerr"), asm.new_label("errno")
        asm.mov(R2, 0)
        asm.jcc("jsge", R1, 0, ok)
        asm.jcc("jslt", R1, -4095, ok)
        asm.mov(R2, 0)
        asm.sub(R2, _reg(R1))
        asm.label(ok)
        asm.stx(DW, R9, MS_ERRNO, R2)
        asm.label(done)

    def attach_many(self, items: list[tuple[Probe, int]]) -> list[Attachment]:
        """Many probes of one kind share raw_syscalls' tracepoint.

        Detaching a tracepoint perf event waits for an RCU grace period, so
        `syscall:::entry` on 360 tracepoints would take half a minute to
        stop.  Instead one dispatcher on raw_syscalls:sys_enter (or sys_exit,
        whose records have the same layout) tail-calls each probe's program by
        syscall number.
        """
        out: list[Attachment] = []
        try:
            for kind, event in (("entry", "sys_enter"), ("return", "sys_exit")):
                group = [(p, fd) for p, fd in items if p.info.name == kind]
                numbered = [(p, fd, number(p.info.function)) for p, fd in group]
                if len(group) >= DISPATCH_THRESHOLD and all(n is not None for *_, n in numbered):
                    out.append(dispatch(event, [(fd, n) for _, fd, n in numbered]))  # type: ignore[misc]
                else:
                    out.extend(self.attach(p, fd) for p, fd in group)
        except BaseException:
            for att in out:
                att.close()
            raise
        return out

    def attach(self, probe: Probe, prog_fd: int) -> Attachment:
        kind = "sys_enter_" if probe.info.name == "entry" else "sys_exit_"
        return attach_tracepoint("syscalls", kind + probe.info.function, prog_fd)


def dispatch(event: str, targets: list[tuple[int, int]]) -> Attachment:
    """A raw_syscalls program tail-calling the program of each syscall number."""
    table = Map.create(MapType.PROG_ARRAY, 4, 4, max(n for _, n in targets) + 1,
                       name="dt_sysdisp")
    table_fd, table.fd = table.fd, -1  # the attachment owns the fd now
    with Attachment([table_fd]) as att:
        for fd, nr in targets:
            update_fd(table_fd, nr, fd)
        asm = Asm()
        asm.ldx(DW, R3, R1, 8)  # the syscall number
        asm.ld_map_fd(R2, "table")
        asm.call(Helper.tail_call)
        asm.mov(R0, 0)
        asm.exit()
        prog = prog_load(ProgType.TRACEPOINT, asm.assemble({"table": table_fd}),
                         name=f"dt_{event}")
        att.fds.append(prog)
        hook = attach_tracepoint("raw_syscalls", event, prog)
        att.fds.extend(hook.fds)
    return att


def update_fd(map_fd: int, key: int, value_fd: int) -> None:
    m = Map(map_fd, MapType.PROG_ARRAY, 4, 4, 0)
    try:
        m.update(struct.pack("<I", key), struct.pack("<I", value_fd))
    finally:
        m.fd = -1  # borrowed


def _reg(n: int):  # noqa: ANN202
    from ..codegen.asm import Reg

    return Reg(n)
