"""Code for D's built-in variables (pid, execname, timestamp, ...)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..lang import ast
from ..lang.builtins import BUILTIN_VARS
from .asm import DW, R0, R1, R9, Reg
from .context import G_WALLOFFSET, MS_ARGS, MS_ERRNO, MS_TIMESTAMP
from .kernel import member_offset
from .regs import Temp

if TYPE_CHECKING:
    from .expr import ExprGen


def builtin_var(g: ExprGen, e: ast.Ident) -> Temp:
    name = e.name
    dtype = BUILTIN_VARS[name]
    asm = g.asm
    if name.startswith("arg"):
        t = g.regs.alloc(dtype)
        asm.ldx(DW, t.reg, R9, MS_ARGS + 8 * int(name[3:]))  # type: ignore[arg-type]
        return t
    if name in ("probeprov", "probemod", "probefunc", "probename"):
        p = g.probe
        value = {"probeprov": p.provider, "probemod": p.module,
                 "probefunc": p.function, "probename": p.name}[name]
        return g.string_const(value.encode())
    if name == "id":
        return g.const(g.probe.id, dtype)
    if name == "epid":
        return g.const(g.epid, dtype)
    if name == "errno":
        t = g.regs.alloc(dtype)
        asm.ldx(DW, t.reg, R9, MS_ERRNO)  # type: ignore[arg-type]
        return t
    if name in ("pid", "tid"):
        g.call(Helper.get_current_pid_tgid)
        t = g.result(dtype)
        if name == "pid":
            asm.rsh(t.reg, 32)  # type: ignore[arg-type]
        else:
            asm.mov32(t.reg, Reg(t.reg))  # type: ignore[arg-type]
        return t
    if name in ("uid", "gid"):
        g.call(Helper.get_current_uid_gid)
        t = g.result(dtype)
        if name == "gid":
            asm.rsh(t.reg, 32)  # type: ignore[arg-type]
        else:
            asm.mov32(t.reg, Reg(t.reg))  # type: ignore[arg-type]
        return t
    if name == "cpu":
        g.call(Helper.get_smp_processor_id)
        return g.result(dtype)
    if name == "timestamp":
        return timestamp(g)
    if name == "walltimestamp":
        # unlike timestamp, read afresh each time: DTrace's wall clock moves
        # within a clause
        g.call(Helper.ktime_get_ns)
        t = g.result(dtype)
        asm.ld_map_value(R1, "globals", G_WALLOFFSET)
        asm.ldx(DW, R1, R1, 0)
        asm.add(t.reg, Reg(R1))  # type: ignore[arg-type]
        t.dtype = dtype
        return t
    if name == "execname":
        off = g.scratch.alloc(16)
        g.call(Helper.get_current_comm, g.ms_addr(off), 16)
        t = g.regs.alloc(dtype)
        asm.mov(t.reg, Reg(R9))  # type: ignore[arg-type]
        asm.add(t.reg, off)  # type: ignore[arg-type]
        return t
    if name == "curthread":
        g.call(Helper.get_current_task)
        return g.result(g.typeof(e))
    if name == "ppid":
        return task_field(g, ("real_parent",), "tgid", dtype)
    if name == "vtimestamp":
        return vtimestamp(g)
    if name in ("caller", "ucaller", "stackdepth", "ustackdepth"):
        from .stacks import stack_variable

        return stack_variable(g, name, dtype)
    raise AssertionError(name)


def timestamp(g: ExprGen) -> Temp:
    """ktime_get_ns(), taken once per probe firing as DTrace does."""
    asm = g.asm
    have = asm.new_label("ts")
    asm.ldx(DW, R0, R9, MS_TIMESTAMP)
    asm.jne(R0, 0, have)
    asm.call(Helper.ktime_get_ns)
    asm.stx(DW, R9, MS_TIMESTAMP, R0)
    asm.label(have)
    return g.result(BUILTIN_VARS["timestamp"])


def read_kernel(g: ExprGen, addr: Temp, offset: int, size: int) -> None:
    """R0 := *(u<size> *)(addr + offset) read with probe_read_kernel (0 on fault)."""
    slot = g.scratch.alloc(8)
    g.asm.st(DW, R9, slot, 0)

    def src(reg: int) -> None:
        g.regs.load_into(reg, addr)
        g.asm.add(reg, offset)

    g.call(Helper.probe_read_kernel, g.ms_addr(slot), size, src)
    g.asm.ldx(DW, R0, R9, slot)


def task_field(g: ExprGen, pointers: tuple[str, ...], field: str, dtype) -> Temp:  # noqa: ANN001
    """Follow task_struct pointer members, then read an integer member."""
    g.call(Helper.get_current_task)
    t = g.result(dtype)
    for member in pointers:
        read_kernel(g, t, member_offset("task_struct", member), 8)
        g.asm.mov(t.reg, Reg(R0))  # type: ignore[arg-type]
    read_kernel(g, t, member_offset("task_struct", field), dtype.size)
    g.asm.mov(t.reg, Reg(R0))  # type: ignore[arg-type]
    g.normalize(t.reg, dtype)  # type: ignore[arg-type]
    return t


def vtimestamp(g: ExprGen) -> Temp:
    """The thread's on-CPU time, as the scheduler last accounted it.

    The running slice since then is measured on the scheduler's clock, which
    BPF cannot read, so the value lags by at most one scheduler tick.
    """
    dtype = BUILTIN_VARS["vtimestamp"]
    g.call(Helper.get_current_task)
    task = g.result(dtype)
    read_kernel(g, task, member_offset("task_struct", "se.sum_exec_runtime"), 8)
    g.asm.mov(g.regs.reg(task), Reg(R0))
    return task
