"""cleanpath(path): the path without "//", "." and "name/.." parts.

The rules (DTrace's, which are those of a lexical path clean-up): empty and
"." components go; ".." removes the component before it, unless there is
none, when it stays in a relative path and goes at the root; a trailing
slash goes.  A relative path that cleans to nothing is "."; "" stays "".

One ``may_goto`` loop walks the path with all of its state in machine state
(see strings._search for why): the input position, the output position,
whether a component is being copied, and a stack of where each component
kept so far began in the output, which is where ".." cuts it back to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lang import ast
from .asm import DW, R0, R1, R2, R3, R9, B, Reg
from .regs import Temp
from .strings import copy_in, load_below, may_goto, result_at, slots, string_arg

if TYPE_CHECKING:
    from .expr import ExprGen

SLASH, DOT = ord("/"), ord(".")


def cleanpath(g: ExprGen, e: ast.Call) -> Temp:
    s = string_arg(g, e.args[0])
    n = g.ctx.string_size(g.typeof(e))
    src = g.scratch.alloc(n + 8)  # ".." is looked for two characters ahead
    out = g.scratch.alloc(n)
    depth_max = n // 2 + 1
    stack = g.scratch.alloc(8 * depth_max)
    v_i, v_w, v_copying, v_depth, v_rooted, v_len = slots(g, 6)
    asm = g.asm
    copy_in(g, s, src, n)
    g.regs.release(s)
    asm.stx(DW, R9, v_len, R0)
    for slot in (v_i, v_w, v_copying, v_depth, v_rooted):
        asm.st(DW, R9, slot, 0)
    relative = asm.new_label("cprel")
    asm.ldx(B, R1, R9, src)
    asm.jne(R1, SLASH, relative)
    asm.st(DW, R9, v_rooted, 1)
    asm.st(B, R9, out, SLASH)
    asm.st(DW, R9, v_w, 1)
    asm.label(relative)

    loop, done, nxt = asm.new_label("cpl"), asm.new_label("cpd"), asm.new_label("cpn")
    start = asm.new_label("cpstart")

    def char_at(reg: int, ahead: int) -> None:
        """reg = src[i + ahead]; R1 holds i (< n)."""
        asm.mov(reg, Reg(R9))
        asm.add(reg, Reg(R1))
        asm.ldx(B, reg, reg, src + ahead)

    def advance(k: int) -> None:
        asm.ldx(DW, R1, R9, v_i)
        asm.add(R1, k)
        asm.stx(DW, R9, v_i, R1)

    def put(ch: int | Reg) -> None:
        """out[w++] = ch (dropped if the output is full)."""
        full = asm.new_label("cpf")
        asm.ldx(DW, R0, R9, v_w)
        asm.jcc("jge", R0, n - 1, full)
        asm.add(R0, 1)
        asm.stx(DW, R9, v_w, R0)
        asm.add(R0, Reg(R9))
        if isinstance(ch, Reg):
            asm.stx(B, R0, out - 1, ch.n)
        else:
            asm.st(B, R0, out - 1, ch)
        asm.label(full)

    def separator() -> None:
        """A slash before a component, unless it would be the first thing
        of a relative path or follow the root's own slash."""
        none = asm.new_label("cpns")
        asm.ldx(DW, R0, R9, v_w)
        asm.ldx(DW, R2, R9, v_rooted)
        asm.jcc("jle", R0, Reg(R2), none)
        put(SLASH)
        asm.label(none)

    asm.label(loop)
    may_goto(g, done)
    load_below(g, R1, v_i, n, done)
    char_at(R2, 0)
    asm.jeq(R2, 0, done)
    asm.ldx(DW, R0, R9, v_copying)
    asm.jeq(R0, 0, start)
    # copying a component: up to the next slash
    stop = asm.new_label("cpstop")
    asm.jeq(R2, SLASH, stop)
    put(Reg(R2))
    advance(1)
    asm.ja(loop)
    asm.label(stop)
    asm.st(DW, R9, v_copying, 0)
    asm.ja(loop)
    # between components
    asm.label(start)
    not_slash, not_dot, not_dotdot = (asm.new_label(x) for x in ("cpa", "cpb", "cpc"))
    asm.jne(R2, SLASH, not_slash)
    advance(1)
    asm.ja(loop)
    asm.label(not_slash)
    asm.jne(R2, DOT, not_dot)
    char_at(R3, 1)
    dot_only = asm.new_label("cpdot")
    asm.jeq(R3, 0, dot_only)
    asm.jeq(R3, SLASH, dot_only)
    asm.jne(R3, DOT, not_dot)
    char_at(R3, 2)
    asm.jeq(R3, 0, nxt)
    asm.jne(R3, SLASH, not_dotdot)
    asm.label(nxt)
    # "..": back to where the last kept component began, if there is one
    advance(2)
    no_parent, rooted = asm.new_label("cpnp"), asm.new_label("cpr")
    asm.ldx(DW, R1, R9, v_depth)
    asm.jeq(R1, 0, no_parent)
    asm.sub(R1, 1)
    asm.stx(DW, R9, v_depth, R1)
    asm.jcc("jge", R1, depth_max, loop)
    asm.lsh(R1, 3)
    asm.add(R1, Reg(R9))
    asm.ldx(DW, R1, R1, stack)
    asm.stx(DW, R9, v_w, R1)
    asm.ja(loop)
    asm.label(no_parent)
    asm.ldx(DW, R0, R9, v_rooted)
    asm.jne(R0, 0, rooted)  # nothing above the root
    separator()
    put(DOT)
    put(DOT)
    asm.label(rooted)
    asm.ja(loop)
    asm.label(dot_only)
    advance(1)
    asm.ja(loop)
    # a component to keep: remember where it begins, then copy it
    asm.label(not_dot)
    asm.label(not_dotdot)
    asm.ldx(DW, R1, R9, v_depth)
    full = asm.new_label("cpsf")
    asm.jcc("jge", R1, depth_max, full)
    asm.mov(R2, Reg(R1))
    asm.add(R2, 1)
    asm.stx(DW, R9, v_depth, R2)
    asm.lsh(R1, 3)
    asm.add(R1, Reg(R9))
    asm.ldx(DW, R0, R9, v_w)
    asm.stx(DW, R1, stack, R0)
    asm.label(full)
    separator()
    asm.st(DW, R9, v_copying, 1)
    asm.ja(loop)

    asm.label(done)
    # nothing left of a non-empty relative path: "."
    end, dot_path = asm.new_label("cpe"), asm.new_label("cpdp")
    asm.ldx(DW, R0, R9, v_w)
    asm.jne(R0, 0, end)
    asm.ldx(DW, R1, R9, v_len)
    asm.jeq(R1, 0, end)
    asm.label(dot_path)
    put(DOT)
    asm.label(end)
    asm.ldx(DW, R0, R9, v_w)
    in_range = asm.new_label("cpir")
    asm.jcc("jlt", R0, n, in_range)
    asm.mov(R0, n - 1)
    asm.label(in_range)
    asm.add(R0, Reg(R9))
    asm.st(B, R0, out, 0)
    return result_at(g, e, out)
