"""Subroutines about kernel objects: locks, devices, processes.

What they mean on Linux (as Oracle's DTrace defines them):

- mutex_owned(m) is 1 when the current thread holds m, mutex_owner(m) the
  task holding it (the owner word without its three flag bits);
  mutex_type_adaptive() is always 1 and mutex_type_spin() always 0: every
  Linux mutex is adaptive;
- rw_read_held(l) is non-zero when readers hold the queued rwlock l,
  rw_write_held(l) when a writer does, rw_iswriter(l) when a writer holds
  or waits for it;
- getmajor(dev) and getminor(dev) split a kernel dev_t (12 + 20 bits);
- progenyof(pid) is 1 when the current process is pid or descends from it.

Offsets come from the kernel's BTF, so no kernel layout is assumed here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..errors import CompileError
from ..lang import ast
from ..types.kernel import member, struct_type
from .asm import DW, R0, R1, R9, Reg, W
from .faults import FAULT_BADADDR
from .regs import Temp
from .strings import load_below, may_goto, slots

if TYPE_CHECKING:
    from .expr import ExprGen

MUTEX_FLAGS = 0x07  # the low bits of mutex.owner are flags
QW_LOCKED = 0x0FF  # qrwlock: a writer holds the lock
QW_WMASK = 0x1FF  # qrwlock: a writer holds or waits for the lock
MINORBITS = 20
PROGENY_DEPTH = 64  # ancestors looked at; deeper trees are not followed


def offset_of(kind: str, struct: str, path: str, line: int) -> int:
    """Byte offset of a (dotted) member path in a kernel struct, from BTF."""
    t = struct_type(kind, struct)
    off = 0
    for name in path.split("."):
        m = member(t, name) if t is not None else None  # type: ignore[arg-type]
        if m is None:
            raise CompileError(f"the kernel's {kind} {struct} has no member {path}",
                               "D_UNKNOWN", line)
        off += m[0]
        t = m[1]  # type: ignore[assignment]
    return off


def read_word(g: ExprGen, addr: Temp, offset: int, size: int) -> None:
    """R0 = the size-byte word at addr + offset (a bad address faults)."""
    slot = g.scratch.alloc(8)
    r = g.regs.reg(addr)
    g.fault_if_zero(r, FAULT_BADADDR)
    g.asm.st(DW, R9, slot, 0)

    def src(reg: int) -> None:
        g.regs.load_into(reg, addr)
        g.asm.add(reg, offset)

    g.call(Helper.probe_read_kernel, g.ms_addr(slot), size, src)
    g.regs.load_into(R1, addr)
    g.asm.add(R1, offset)
    g.fault_if_negative(R0, FAULT_BADADDR, R1)  # type: ignore[attr-defined]
    g.asm.ldx(DW if size == 8 else W, R0, R9, slot)


def _result(g: ExprGen, e: ast.Call, t: Temp) -> Temp:
    r = g.regs.reg(t)
    g.asm.mov(r, Reg(R0))
    t.dtype = g.typeof(e)
    return t


def mutex_owner(g: ExprGen, e: ast.Call) -> Temp:
    m = g.gen(e.args[0])
    read_word(g, m, offset_of("struct", "mutex", "owner", e.line), 8)
    g.asm.and_(R0, ~MUTEX_FLAGS)
    return _result(g, e, m)


def mutex_owned(g: ExprGen, e: ast.Call) -> Temp:
    m = g.gen(e.args[0])
    read_word(g, m, offset_of("struct", "mutex", "owner", e.line), 8)
    asm = g.asm
    asm.and_(R0, ~MUTEX_FLAGS)
    (slot,) = slots(g, 1)
    asm.stx(DW, R9, slot, R0)
    g.call(Helper.get_current_task)
    asm.ldx(DW, R1, R9, slot)
    mine = asm.new_label("mown")
    asm.jeq(R0, Reg(R1), mine)
    asm.mov(R0, 0)
    asm.ja(done := asm.new_label("mownd"))
    asm.label(mine)
    asm.mov(R0, 1)
    asm.label(done)
    return _result(g, e, m)


def mutex_type(value: int) -> Callable[[ExprGen, ast.Call], Temp]:
    def emit(g: ExprGen, e: ast.Call) -> Temp:
        t = g.gen(e.args[0])
        g.asm.mov(R0, value)
        return _result(g, e, t)

    return emit


def rwlock(mask: int, keep: bool) -> Callable[[ExprGen, ast.Call], Temp]:
    """rw_*: the lock word ANDed with ``mask`` (``keep``) or with its complement."""

    def emit(g: ExprGen, e: ast.Call) -> Temp:
        lock = g.gen(e.args[0])
        read_word(g, lock, offset_of("struct", "qrwlock", "cnts", e.line)
                  + _rwlock_base(e.line), 4)
        g.asm.and_(R0, mask if keep else ~mask)
        return _result(g, e, lock)

    return emit


def _rwlock_base(line: int) -> int:
    """Where the qrwlock sits inside rwlock_t (raw_lock, first on every build)."""
    t = struct_type("struct", "rwlock_t") or struct_type("typedef", "rwlock_t")
    m = member(t, "raw_lock") if t is not None else None  # type: ignore[arg-type]
    return m[0] if m is not None else 0


def getmajor(g: ExprGen, e: ast.Call) -> Temp:
    t = g.gen_int(e.args[0])
    r = g.regs.reg(t)
    g.asm.lsh(r, 32)
    g.asm.rsh(r, 32 + MINORBITS)
    t.dtype = g.typeof(e)
    return t


def getminor(g: ExprGen, e: ast.Call) -> Temp:
    t = g.gen_int(e.args[0])
    g.asm.and_(g.regs.reg(t), (1 << MINORBITS) - 1)
    t.dtype = g.typeof(e)
    return t


def progenyof(g: ExprGen, e: ast.Call) -> Temp:
    """Walk real_parent from the current task; a task is its own parent at
    the top (init, and the idle task)."""
    parent = offset_of("struct", "task_struct", "real_parent", e.line)
    tgid = offset_of("struct", "task_struct", "tgid", e.line)
    pid = g.gen_int(e.args[0])
    asm = g.asm
    v_pid, v_task, v_res, v_n, v_word = slots(g, 5)
    g.regs.load_into(R0, pid)
    asm.lsh(R0, 32)
    asm.arsh(R0, 32)
    asm.stx(DW, R9, v_pid, R0)
    asm.st(DW, R9, v_res, 0)
    asm.st(DW, R9, v_n, 0)
    g.call(Helper.get_current_task)
    asm.stx(DW, R9, v_task, R0)
    loop, out, found = asm.new_label("pl"), asm.new_label("po"), asm.new_label("pf")

    def field(off: int, size: int) -> None:
        asm.st(DW, R9, v_word, 0)
        g.call(Helper.probe_read_kernel, g.ms_addr(v_word), size,
               lambda reg: (asm.ldx(DW, reg, R9, v_task), asm.add(reg, off)))
        asm.jcc("jslt", R0, 0, out)
        asm.ldx(DW, R0, R9, v_word)

    asm.label(loop)
    may_goto(g, out)
    load_below(g, R1, v_n, PROGENY_DEPTH, out)
    asm.add(R1, 1)
    asm.stx(DW, R9, v_n, R1)
    field(tgid, 4)
    asm.lsh(R0, 32)
    asm.arsh(R0, 32)
    asm.ldx(DW, R1, R9, v_pid)
    asm.jeq(R0, Reg(R1), found)
    field(parent, 8)
    asm.ldx(DW, R1, R9, v_task)
    asm.jeq(R0, Reg(R1), out)  # the top of the tree
    asm.jeq(R0, 0, out)
    asm.stx(DW, R9, v_task, R0)
    asm.ja(loop)
    asm.label(found)
    asm.st(DW, R9, v_res, 1)
    asm.label(out)
    asm.ldx(DW, R0, R9, v_res)
    return _result(g, e, pid)


def ddi_pathname(g: ExprGen, e: ast.Call) -> Temp:
    raise CompileError(
        "ddi_pathname( ) is not available: Linux has no device tree of dev_info nodes",
        "D_UNKNOWN", e.line)
