"""Aggregating functions, computed in the kernel per CPU.

Aggregations live in shared per-CPU maps (aggmaps.py): a hash keyed by the
key tuple (after the aggregation's slot when the hash is shared), or an
element of an array when keyless.  A new key is inserted with a zeroed value,
if aggsize has room for it, and then updated in place; min/max/sum carry a "set" word because the other
CPUs' copies of a new element start as zeros.  The quantizations keep one
counter per bucket, with DTrace's bucket layout (consumer/aggfmt.py has the
same arithmetic in Python); the consumer merges the CPUs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..lang import ast
from ..lang.aggfuncs import INCREMENT_ARG, AggParams
from .asm import DW, FP, R0, R1, R2, R3, R4, R5, R9, Asm, Reg, W
from .context import G_AGG_USED, MS_AGG_DROPS, align8
from .regs import FP_KEY

if TYPE_CHECKING:
    from collections.abc import Callable

    from .expr import ExprGen
    from .layout import AggDesc

BPF_NOEXIST = 1
QUANTIZE_ZERO = 63


def aggregate(g: ExprGen, ref: ast.AggRef, call: ast.Call) -> None:
    desc = g.ctx.aggs[ref.name]
    params: AggParams = desc.params  # type: ignore[assignment]
    asm = g.asm
    value = g.gen_int(call.args[0]) if call.args else None
    inc_index = INCREMENT_ARG.get(desc.func)
    incr = None
    if inc_index is not None and len(call.args) > inc_index:
        incr = g.gen_int(call.args[inc_index])
    if desc.keyless:
        asm.st(W, FP, FP_KEY, desc.slot)
        key = g.fp_addr(FP_KEY)
    else:
        key = g.ms_addr(agg_key(g, ref, desc))
    have, skip = asm.new_label("agg"), asm.new_label("aggx")
    g.call(Helper.map_lookup_elem, g.map_fd(desc.map_name), key)
    asm.jne(R0, 0, have)
    if desc.keyless:
        asm.ja(skip)  # an array's element is always there
    else:
        drop = asm.new_label("aggd")
        new_key(g, desc, key, have, drop)
        # no room (aggsize, or the map is full): an aggregation drop on this CPU
        asm.label(drop)
        asm.ldx(DW, R1, R9, MS_AGG_DROPS)
        asm.add(R1, 1)
        asm.stx(DW, R9, MS_AGG_DROPS, R1)
        asm.ja(skip)
    asm.label(have)
    v = g.regs.reg(value, *(t for t in (incr,) if t)) if value is not None else None
    func = desc.func
    if func == "count":
        add_at(asm, 0, 1)
    elif func == "sum":
        add_at(asm, 0, Reg(v))  # type: ignore[arg-type]
        asm.st(DW, R0, 8, 1)  # "set": a sum of zeros still prints
    elif func == "avg":
        add_at(asm, 0, 1)
        add_at(asm, 8, Reg(v))  # type: ignore[arg-type]
    elif func in ("min", "max"):
        store = asm.new_label("mm")
        asm.ldx(DW, R1, R0, 8)
        asm.jeq(R1, 0, store)
        asm.ldx(DW, R1, R0, 0)
        asm.jcc("jsle" if func == "min" else "jsge", R1, Reg(v), skip)  # type: ignore[arg-type]
        asm.label(store)
        asm.stx(DW, R0, 0, v)  # type: ignore[arg-type]
        asm.st(DW, R0, 8, 1)
    elif func == "stddev":
        stddev(asm, v)  # type: ignore[arg-type]
    else:
        asm.st(DW, R0, params.nbuckets * 8, 1)  # "set"
        {"quantize": quantize_bucket, "lquantize": lquantize_bucket,
         "llquantize": llquantize_bucket}[func](asm, v, params)  # type: ignore[arg-type]
        # R1 = bucket index, clamped so the verifier sees it in bounds
        ok = asm.new_label("inb")
        asm.jcc("jle", R1, params.nbuckets - 1, ok)
        asm.mov(R1, params.nbuckets - 1)
        asm.label(ok)
        asm.lsh(R1, 3)
        asm.add(R0, Reg(R1))
        if incr is not None:
            add_at(asm, 0, Reg(g.regs.reg(incr, value)))  # type: ignore[arg-type]
        else:
            add_at(asm, 0, 1)
    asm.label(skip)
    g.regs.release(*(t for t in (value, incr) if t is not None))


def agg_key(g: ExprGen, ref: ast.AggRef, desc: AggDesc) -> int:
    """Lay the key out in scratch: the slot word of a shared hash, the key
    fields, zeros up to a padded key's size; return its machine-state offset."""
    asm = g.asm
    base = g.build_key(ref.keys, desc.keys, desc.key_size)
    if desc.shared:
        asm.st(DW, R9, base, desc.slot)
    last = desc.keys[-1]
    for off in range(last.offset + align8(last.size), desc.key_size, 8):
        asm.st(DW, R9, base + off, 0)
    return base


def new_key(g: ExprGen, desc: AggDesc, key: Callable[[int], None], have: str,
            drop: str) -> None:
    """Insert a key the lookup missed, if aggsize has room for it: R0 = its
    value at ``have``, else go to ``drop``.

    The entry's size is added to the bytes in use first (atomically, so two
    CPUs cannot both take the last room) and given back when the key is not
    inserted after all.
    """
    asm = g.asm
    over, inserted = asm.new_label("aggo"), asm.new_label("aggi")
    asm.ld_map_value(R1, "globals", G_AGG_USED)
    asm.mov_imm(R2, desc.entry_size)
    asm.fetch_add(DW, R1, 0, R2)
    asm.ld_map_value(R3, "aggfreed", 0)
    asm.ldx(DW, R3, R3, 0)
    asm.sub(R2, Reg(R3))  # bytes in use before this entry
    asm.mov_imm(R3, g.ctx.aggsize - desc.entry_size)
    asm.jcc("jsgt", R2, Reg(R3), over)
    # a new key starts from the zeros map: no stores, however big the value
    g.call(Helper.map_update_elem, g.map_fd(desc.map_name), key,
           lambda reg: asm.ld_map_value(reg, "zeros", 0), BPF_NOEXIST)
    asm.jeq(R0, 0, inserted)
    refund(asm, desc.entry_size)  # another CPU inserted it first, or the map is full
    asm.label(inserted)
    g.call(Helper.map_lookup_elem, g.map_fd(desc.map_name), key)
    asm.jne(R0, 0, have)
    asm.ja(drop)
    asm.label(over)
    refund(asm, desc.entry_size)
    # another CPU may have inserted this very key meanwhile
    g.call(Helper.map_lookup_elem, g.map_fd(desc.map_name), key)
    asm.jne(R0, 0, have)
    asm.ja(drop)


def refund(asm: Asm, size: int) -> None:
    asm.ld_map_value(R1, "globals", G_AGG_USED)
    asm.mov_imm(R2, -size)
    asm.xadd(DW, R1, 0, R2)


def add_at(asm: Asm, offset: int, amount: int | Reg) -> None:
    """*(u64 *)(R0 + offset) += amount (per-CPU values need no atomics)."""
    asm.ldx(DW, R2, R0, offset)
    asm.add(R2, amount)
    asm.stx(DW, R0, offset, R2)


def abs_into(asm: Asm, dst: int, v: int) -> None:
    done = asm.new_label("abs")
    asm.mov(dst, Reg(v))
    asm.jcc("jsge", dst, 0, done)
    asm.neg(dst)
    asm.label(done)


def quantize_bucket(asm: Asm, v: int, params: AggParams) -> None:
    """R1 = 63 -/+ min(bit length of |v|, 63) (63 for zero)."""
    done, neg = asm.new_label("qd"), asm.new_label("qn")
    asm.mov(R1, QUANTIZE_ZERO)
    asm.jeq(v, 0, done)
    abs_into(asm, R2, v)
    asm.mov(R3, 0)
    for shift in (32, 16, 8, 4, 2, 1):
        small = asm.new_label("qs")
        asm.mov_imm(R4, 1 << shift)
        asm.jcc("jlt", R2, Reg(R4), small)
        asm.rsh(R2, shift)
        asm.add(R3, shift)
        asm.label(small)
    asm.add(R3, 1)  # |v| >= 1 here, so one more bit
    capped = asm.new_label("qc")
    asm.jcc("jle", R3, 63, capped)
    asm.mov(R3, 63)
    asm.label(capped)
    asm.jcc("jslt", v, 0, neg)
    asm.add(R1, Reg(R3))
    asm.ja(done)
    asm.label(neg)
    asm.sub(R1, Reg(R3))
    asm.label(done)


def lquantize_bucket(asm: Asm, v: int, params: AggParams) -> None:
    """R1 = 0 below base, 1 + (v - base) / step, levels + 1 at the limit and above."""
    done = asm.new_label("ld")
    asm.mov(R1, 0)
    asm.mov_imm(R2, params.base)
    asm.jcc("jslt", v, Reg(R2), done)
    asm.mov(R1, Reg(v))
    asm.sub(R1, Reg(R2))
    asm.div(R1, params.step)  # unsigned: v - base may exceed INT64_MAX
    inside = asm.new_label("li")
    asm.jcc("jle", R1, params.levels, inside)
    asm.mov(R1, params.levels)
    asm.label(inside)
    asm.add(R1, 1)
    asm.label(done)


def llquantize_bucket(asm: Asm, v: int, p: AggParams) -> None:
    """R1 = DTrace's log-linear bucket; the magnitudes are unrolled."""
    sf = p.nsteps // p.factor
    per = p.nsteps - sf
    under = 1 + (p.high - p.low + 1) * per
    done, found = asm.new_label("lld"), asm.new_label("llf")
    abs_into(asm, R2, v)  # tmp
    bound = p.factor ** p.low
    asm.mov(R1, under)
    asm.mov_imm(R4, bound)
    asm.jcc("jlt", R2, Reg(R4), done)
    for mag in range(p.low, p.high + 1):
        nxt = bound * p.factor
        more = asm.new_label("llm")
        asm.mov_imm(R4, nxt)
        asm.jcc("jge", R2, Reg(R4), more)
        # R3 = ind + off base for this magnitude
        asm.mov(R3, Reg(R2))
        if mag != 0:
            asm.mov_imm(R5, nxt // p.nsteps)
            asm.div(R3, Reg(R5))
        else:
            asm.mul(R3, p.nsteps)
            asm.div(R3, Reg(R4))
        asm.add(R3, (mag - p.low) * per + 1 - sf)
        asm.ja(found)
        asm.label(more)
        bound = nxt
    asm.mov(R3, (p.high + 1 - p.low) * per + 1)
    asm.label(found)
    neg = asm.new_label("lln")
    asm.jcc("jslt", v, 0, neg)
    asm.add(R1, Reg(R3))
    asm.ja(done)
    asm.label(neg)
    asm.sub(R1, Reg(R3))
    asm.label(done)


def stddev(asm: Asm, v: int) -> None:
    """count += 1, total += v, and the 128-bit sum of squares += v * v."""
    add_at(asm, 0, 1)
    add_at(asm, 8, Reg(v))
    # |v| = h * 2^32 + l; v^2 = h^2 2^64 + 2hl 2^32 + l^2
    abs_into(asm, R1, v)
    asm.mov(R2, Reg(R1))
    asm.rsh(R2, 32)  # h
    asm.mov32(R1, Reg(R1))  # l
    asm.mov(R3, Reg(R1))
    asm.mul(R3, Reg(R2))  # m = h * l
    asm.mul(R2, Reg(R2))  # h^2
    asm.mul(R1, Reg(R1))  # l^2 = lo
    asm.mov(R4, Reg(R3))
    asm.rsh(R4, 31)
    asm.add(R2, Reg(R4))  # hi = h^2 + (2m >> 64)
    asm.lsh(R3, 33)  # low 64 bits of 2m * 2^32
    asm.add(R3, Reg(R1))  # lo' = l^2 + that
    carry(asm, R3, R1, R2)
    # add (R3 lo, R2 hi) to the stored words at 16 and 24
    asm.ldx(DW, R4, R0, 16)
    asm.add(R4, Reg(R3))
    asm.stx(DW, R0, 16, R4)
    carry(asm, R4, R3, R2)
    asm.ldx(DW, R4, R0, 24)
    asm.add(R4, Reg(R2))
    asm.stx(DW, R0, 24, R4)


def carry(asm: Asm, total: int, addend: int, high: int) -> None:
    """high += 1 when ``total = ... + addend`` wrapped (total < addend, unsigned)."""
    done = asm.new_label("nc")
    asm.jcc("jge", total, Reg(addend), done)
    asm.add(high, 1)
    asm.label(done)
