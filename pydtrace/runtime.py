"""Kernel objects of one tracing session: maps, programs, attachments.

Everything opened here is owned by a :class:`Runtime` and closed by its
``close()``, which the session calls on every way out (normal end, Ctrl-C,
SIGTERM, an exception), so nothing outlives dtrace: no pinned objects are
ever made, and closing the fds detaches every probe.
"""

from __future__ import annotations

import os
import struct
import sys
import time

from .bpf import Map, RingBuffer, VerifierError, prog_load, prog_test_run
from .bpf.syscall import BpfError
from .codegen.context import (
    ACTIVITY_ACTIVE,
    ACTIVITY_WARMUP,
    G_ACTIVITY,
    G_WALLOFFSET,
    MS_DROPS,
    CompileContext,
)
from .compiler import Compiled
from .errors import DTraceError
from .providers.base import Attachment


class Runtime:
    def __init__(self, compiled: Compiled, verbose: bool = False, bpflog: bool = False) -> None:
        self.compiled = compiled
        self.verbose = verbose
        #: -x bpflog: every program's verifier log goes to stderr, as DTrace's
        self.bpflog = bpflog
        self.maps: dict[str, Map] = {}
        self.progs: dict[int, int] = {}  # probe id -> program fd
        self.attachments: list[Attachment] = []
        self.ring: RingBuffer | None = None
        self.self_fired: dict[str, int] = {}  # BEGIN/END/ERROR -> program fd

    # -- setup -------------------------------------------------------------------

    def create_maps(self) -> None:
        ctx: CompileContext = self.compiled.ctx
        for spec in ctx.maps.values():
            try:
                m = Map.create(
                    spec.map_type, spec.key_size, spec.value_size, spec.max_entries,
                    name=spec.name, flags=spec.flags,
                )
            except BpfError as exc:
                raise DTraceError(f"failed to create map {spec.name}: {exc.strerror}") from None
            self.maps[spec.name] = m
            if spec.initial is not None:
                m.update(struct.pack("<I", 0), spec.initial)
            if spec.frozen:
                m.freeze()
        wall = time.time_ns() - time.clock_gettime_ns(time.CLOCK_MONOTONIC)
        g = bytearray(self.maps["globals"].value_size)
        struct.pack_into("<q", g, G_WALLOFFSET, wall)
        struct.pack_into("<q", g, G_ACTIVITY, ACTIVITY_WARMUP)
        self.maps["globals"].update(struct.pack("<I", 0), bytes(g))
        self.ring = RingBuffer(self.maps["events"])

    def load(self) -> None:
        fds = {name: m.fd for name, m in self.maps.items()}
        for plan in self.compiled.programs:
            insns = plan.asm.assemble(fds)
            name = f"dt_{plan.probe.id}"
            finfo = None
            if plan.asm.has_callbacks:
                from .bpf.funcinfo import FuncInfo

                finfo = FuncInfo(plan.asm.subprogram_starts())
            try:
                fd = prog_load(plan.probe.provider.prog_type, insns, name=name,
                               log_level=7 if self.bpflog else 2 if self.verbose else 0,
                               func_info=finfo,
                               log_sink=print_bpf_log if self.bpflog else None)
            except VerifierError as exc:
                if self.bpflog:
                    print_bpf_log(exc.log)
                if "cannot use helper bpf_probe_write_user" in exc.log:
                    # kernel lockdown takes the helper away from every program
                    raise DTraceError(
                        f"failed to enable {plan.probe.info.fullname}: copyout( ) and "
                        "copyoutstr( ) are unavailable: this kernel does not let BPF "
                        "programs write user memory (lockdown)") from None
                detail = exc.log.rstrip() if self.verbose else exc.summary().replace("\n", "; ")
                raise DTraceError(
                    f"failed to enable {plan.probe.info.fullname}: BPF program refused by "
                    f"the verifier: {detail}"
                ) from None
            except BpfError as exc:
                raise DTraceError(
                    f"failed to enable {plan.probe.info.fullname}: {exc.strerror}"
                ) from None
            finally:
                if finfo is not None:
                    finfo.close()  # the program holds its own reference
            self.progs[plan.probe.id] = fd
            if plan.probe.provider.fires_itself:
                self.self_fired[plan.probe.info.name] = fd

    def attach(self) -> None:
        groups: dict[str, list] = {}
        for plan in self.compiled.programs:
            if not plan.probe.provider.fires_itself:
                groups.setdefault(plan.probe.provider.name, []).append(plan.probe)
        for probes in groups.values():
            prov = probes[0].provider
            try:
                self.attachments.extend(
                    prov.attach_many([(p, self.progs[p.id]) for p in probes])
                )
            except (OSError, BpfError) as exc:
                what = probes[0].info.fullname if len(probes) == 1 else f"{prov.name} probes"
                raise DTraceError(f"failed to enable {what}: {exc.strerror or exc}") from None

    def activate(self) -> None:
        """After BEGIN: let every probe record, unless BEGIN called exit()."""
        key = struct.pack("<I", 0)
        g = bytearray(self.maps["globals"].lookup(key) or b"")
        if struct.unpack_from("<q", g, G_ACTIVITY)[0] == ACTIVITY_WARMUP:
            struct.pack_into("<q", g, G_ACTIVITY, ACTIVITY_ACTIVE)
            self.maps["globals"].update(key, bytes(g))

    def fire(self, name: str, args: tuple[int, ...] = ()) -> bool:
        """Run BEGIN/END/ERROR's program in this thread; False if none."""
        fd = self.self_fired.get(name)
        if fd is None:
            return False
        ctx = list(args) + [0] * (6 - len(args)) if name == "ERROR" else []
        prog_test_run(fd, ctx)
        return True

    # -- state ---------------------------------------------------------------------

    def activity(self) -> int:
        """The kernel side's state: active, draining (exit() was called), filled..."""
        g = self.maps["globals"].lookup(struct.pack("<I", 0)) or bytes(8)
        return int(struct.unpack_from("<q", g, G_ACTIVITY)[0])

    def drops(self, offset: int = MS_DROPS) -> list[int]:
        """Per-CPU counters kept in machine state: ring-buffer drops by default."""
        values = self.maps["mstate"].lookup_percpu(struct.pack("<I", 0)) or []
        return [struct.unpack_from("<Q", v, offset)[0] for v in values]

    def detach(self) -> None:
        for att in self.attachments:
            att.close()
        self.attachments.clear()

    def close(self) -> None:
        self.detach()
        for fd in self.progs.values():
            try:
                os.close(fd)
            except OSError:
                pass
        self.progs.clear()
        self.self_fired.clear()
        if self.ring is not None:
            self.ring.close()
            self.ring = None
        for m in self.maps.values():
            m.close()
        self.maps.clear()


def print_bpf_log(log: str) -> None:
    """A verifier log on stderr, each line marked as DTrace marks it."""
    lines = log.rstrip("\n").split("\n") if log.strip() else []
    sys.stderr.write("".join(f"BPF: {line}\n" for line in lines))
