"""uregs[]: the user registers of the thread a probe fired in.

Indices 0-20 are the kernel's saved user-mode struct pt_regs (found with
bpf_task_pt_regs); 21-25 are the segment and trap registers x86_64 keeps in
task->thread, as DTrace reads them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..lang import ast
from ..types.dtypes import UINT64
from .asm import DW, R0, R9, Reg
from .regs import Temp

if TYPE_CHECKING:
    from .expr import ExprGen

PT_REGS_WORDS = 21
#: uregs indices past pt_regs: members of struct thread_struct
THREAD_MEMBERS = {21: "ds", 22: "es", 23: "fsbase", 24: "gsbase", 25: "trap_nr"}


def gen_uregs(g: ExprGen, e: ast.Index, index: int) -> Temp:
    asm = g.asm
    slot = g.scratch.alloc(8)
    asm.st(DW, R9, slot, 0)
    if index < PT_REGS_WORDS:
        g.call(Helper.get_current_task_btf)
        g.call(Helper.task_pt_regs, lambda reg: asm.mov(reg, Reg(R0)))
        offset, size = 8 * index, 8
    else:
        from ..types.kernel import member, struct_type

        task = struct_type("struct", "task_struct")
        thread = member(task, "thread") if task else None
        tstruct = thread[1] if thread else None
        field = member(tstruct, THREAD_MEMBERS[index]) if tstruct else None  # type: ignore[arg-type]
        if thread is None or field is None:
            return g.const(0, UINT64)
        offset = thread[0] + field[0]
        size = field[1].size if field[1].size in (1, 2, 4, 8) else 8
        g.call(Helper.get_current_task)

    def src(reg: int) -> None:  # the address: R0 (the task or its registers) + offset
        asm.mov(reg, Reg(R0))
        asm.add(reg, offset)

    g.call(Helper.probe_read_kernel, g.ms_addr(slot), size, src)
    t = g.regs.alloc(UINT64)
    asm.ldx(DW, t.reg, R9, slot)  # type: ignore[arg-type]
    return t
