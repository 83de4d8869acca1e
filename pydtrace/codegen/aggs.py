"""Aggregating functions, computed in the kernel per CPU.

Each aggregation is a per-CPU map (a hash keyed by the key tuple, or a
one-element array when keyless).  A new key is inserted with a zeroed value
and then updated in place; min/max carry a "set" word because the other
CPUs' copies of a new element start as zeros.  The consumer merges CPUs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..lang import ast
from .asm import DW, FP, R0, R1, R9, Reg, W
from .regs import FP_KEY

if TYPE_CHECKING:
    from .expr import ExprGen

BPF_NOEXIST = 1


def aggregate(g: ExprGen, ref: ast.AggRef, call: ast.Call) -> None:
    desc = g.ctx.aggs[ref.name]
    asm = g.asm
    value = g.gen_int(call.args[0]) if call.args else None
    if desc.keyless:
        asm.st(W, FP, FP_KEY, 0)
        key = g.fp_addr(FP_KEY)
    else:
        key = g.ms_addr(g.build_key(ref.keys, desc.keys, desc.key_size))
    have, skip = asm.new_label("agg"), asm.new_label("aggx")
    g.call(Helper.map_lookup_elem, g.map_fd(desc.map_name), key)
    asm.jne(R0, 0, have)
    zero = g.scratch.alloc(desc.value_size)
    for i in range(0, desc.value_size, 8):
        asm.st(DW, R9, zero + i, 0)
    g.call(Helper.map_update_elem, g.map_fd(desc.map_name), key, g.ms_addr(zero), BPF_NOEXIST)
    g.call(Helper.map_lookup_elem, g.map_fd(desc.map_name), key)
    asm.jeq(R0, 0, skip)
    asm.label(have)
    v = g.regs.reg(value) if value is not None else None
    func = desc.func
    if func == "count":
        asm.ldx(DW, R1, R0, 0)
        asm.add(R1, 1)
        asm.stx(DW, R0, 0, R1)
    elif func == "sum":
        asm.ldx(DW, R1, R0, 0)
        asm.add(R1, Reg(v))  # type: ignore[arg-type]
        asm.stx(DW, R0, 0, R1)
        asm.st(DW, R0, 8, 1)  # "set": a sum of zeros still prints
    elif func == "avg":
        asm.ldx(DW, R1, R0, 0)
        asm.add(R1, 1)
        asm.stx(DW, R0, 0, R1)
        asm.ldx(DW, R1, R0, 8)
        asm.add(R1, Reg(v))  # type: ignore[arg-type]
        asm.stx(DW, R0, 8, R1)
    elif func in ("min", "max"):
        store = asm.new_label("mm")
        asm.ldx(DW, R1, R0, 8)
        asm.jeq(R1, 0, store)
        asm.ldx(DW, R1, R0, 0)
        asm.jcc("jsle" if func == "min" else "jsge", R1, Reg(v), skip)  # type: ignore[arg-type]
        asm.label(store)
        asm.stx(DW, R0, 0, v)  # type: ignore[arg-type]
        asm.st(DW, R0, 8, 1)
    asm.label(skip)
    if value is not None:
        g.regs.release(value)
