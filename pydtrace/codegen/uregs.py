"""uregs[i]: a user register from the thread's saved pt_regs, or (past them)
a member of the thread's state, read safely."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..lang import ast
from ..lang.uregs import PT_REGS_SLOTS, constant
from ..types.dtypes import UINT64
from .asm import DW, R0, R1, R3, R9, Reg
from .kernel import member_offset

if TYPE_CHECKING:
    from .expr import ExprGen
    from .regs import Temp

#: thread_struct members for uregs[21..25] (R_DS, R_ES, R_FS, R_GS, R_TRAPNO)
THREAD_MEMBERS = ("ds", "es", "fsbase", "gsbase", "trap_nr")


def uregs(g: ExprGen, e: ast.Index) -> Temp:
    asm = g.asm
    index = constant(e.indices[0], g.checker)
    assert index is not None  # the checker made sure
    slot = g.scratch.alloc(8)
    asm.st(DW, R9, slot, 0)
    if index < PT_REGS_SLOTS:
        g.call(Helper.get_current_task_btf)
        asm.mov(R1, Reg(R0))
        asm.call(Helper.task_pt_regs)
        offset, size = index * 8, 8
    else:
        g.call(Helper.get_current_task)
        member = THREAD_MEMBERS[index - PT_REGS_SLOTS]
        offset = member_offset("task_struct", "thread") + member_offset("thread_struct", member)
        size = _member_size(member)

    # R0 holds the pointer the helper returned: the copy's source
    asm.mov(R3, Reg(R0))
    asm.add(R3, offset)
    g.call(Helper.probe_read_kernel, g.ms_addr(slot), size, lambda reg: None)
    t = g.regs.alloc(UINT64)
    asm.ldx(DW, t.reg, R9, slot)  # type: ignore[arg-type]
    return t


def _member_size(member: str) -> int:
    from ..types.btf import vmlinux

    btf = vmlinux()
    tid = btf.find("thread_struct", "struct")
    m = btf.find_member(tid, member) if tid is not None else None
    return btf.size(m.type) if m is not None else 8
