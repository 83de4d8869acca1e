"""String subroutines: strlen, strjoin, substr, index, rindex, strstr, strchr,
strrchr, lltostr, basename, dirname, toupper, tolower.

Semantics are DTrace's (Perl-like index/rindex/substr positions, see the
comments at each).  How the code stays cheap for the verifier:

- copies and lengths come from ``bpf_probe_read_kernel_str``, whose return
  value the verifier bounds by the size it was given;
- every loop counts with an exact counter and a constant cap, and any other
  value a loop carries lives in machine-state memory, not in a register:
  a value loaded from a map is unknown to the verifier, so the states at a
  loop head differ only in the counter and paths that met again are pruned;
- arguments are first copied into scratch buffers of ours, so every access
  is at R9 + constant + counter, inside the (padded) machine-state map.

Results are NUL-terminated in scratch buffers, never past the bound of the
result's type; a result pointer may point into the middle of a buffer, which
is fine because machine state can be read strsize bytes past any pointer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..lang import ast
from .asm import DW, JMP, R0, R1, R2, R3, R4, R5, R9, B, H, Insn, Reg
from .faults import FAULT_BADADDR
from .nullstr import fault_if_null, null_constant_arg, null_string
from .regs import Temp

if TYPE_CHECKING:
    from .expr import ExprGen

BPF_JCOND = 0xE0  # may_goto (Linux 6.9)


# -- shared pieces ----------------------------------------------------------------------


def string_arg(g: ExprGen, e: ast.Expr) -> Temp:
    """A string argument; a char pointer is read (as stringof would) first.

    NULL faults, as in DTrace: a NULL string, a null pointer, or the
    constant NULL itself (which the checker lets through for ``char *``).
    """
    t = g.gen(e)
    if t.dtype.is_string:
        fault_if_null(g, t)
        return t
    if t.dtype.is_integer and not t.dtype.is_pointer:
        return null_constant_arg(g, t)
    g.fault_if_zero(g.regs.reg(t), FAULT_BADADDR)
    from .alloca import read_string

    return read_string(g, e, t)


def bound(g: ExprGen, t: Temp) -> int:
    return g.ctx.string_size(t.dtype)


def copy_in(g: ExprGen, t: Temp, off: int, size: int) -> None:
    """Copy string ``t`` to R9+off; leave its length (0 on error) in R0."""
    g.call(Helper.probe_read_kernel_str, g.ms_addr(off), size, t)
    length_from_ret(g, R0)


def length_from_ret(g: ExprGen, reg: int) -> None:
    """probe_read_str's return (bytes with the NUL, or -errno) -> a length >= 0."""
    ok = g.asm.new_label("len")
    g.asm.sub(reg, 1)
    g.asm.jcc("jsge", reg, 0, ok)
    g.asm.mov(reg, 0)
    g.asm.label(ok)


def clamp(g: ExprGen, reg: int, hi: int) -> None:
    """Unsigned min(reg, hi): tells the verifier the range before pointer math."""
    ok = g.asm.new_label("clamp")
    g.asm.jcc("jle", reg, hi, ok)
    g.asm.mov(reg, hi)
    g.asm.label(ok)


def result_at(g: ExprGen, e: ast.Expr, off: int, index: int | None = None) -> Temp:
    """A string temp pointing at R9+off (+ register ``index``)."""
    t = g.regs.alloc(g.typeof(e))
    r = t.reg
    assert r is not None
    g.asm.mov(r, Reg(R9))
    g.asm.add(r, off)
    if index is not None:
        g.asm.add(r, Reg(index))
    return t


def slots(g: ExprGen, n: int) -> list[int]:
    """``n`` 8-byte machine-state cells for values loops carry."""
    base = g.scratch.alloc(8 * n)
    return [base + 8 * i for i in range(n)]


# -- strlen, strjoin, substr ------------------------------------------------------------------


def strlen(g: ExprGen, e: ast.Call) -> Temp:
    s = string_arg(g, e.args[0])
    n = bound(g, s)
    copy_in(g, s, g.scratch.alloc(n), n)
    g.regs.release(s)
    return g.result(g.typeof(e))


def strjoin(g: ExprGen, e: ast.Call) -> Temp:
    """Copy a, then b after it; the result is cut at its bound (strsize)."""
    a = string_arg(g, e.args[0])
    b = string_arg(g, e.args[1])
    n = g.ctx.string_size(g.typeof(e))
    off = g.scratch.alloc(n)
    asm = g.asm
    copy_in(g, a, off, n)
    clamp(g, R0, n - 1)
    # R1 = where b goes, R2 = the room left for it (NUL included)
    asm.mov(R1, Reg(R9))
    asm.add(R1, off)
    asm.add(R1, Reg(R0))
    asm.mov(R2, n)
    asm.sub(R2, Reg(R0))
    g.regs.load_into(R3, b)
    asm.call(Helper.probe_read_kernel_str)
    g.regs.release(a, b)
    return result_at(g, e, off)


def int_arg(g: ExprGen, reg: int, t: Temp) -> None:
    """An ``int`` parameter: the low 32 bits, sign-extended."""
    g.regs.load_into(reg, t)
    g.asm.lsh(reg, 32)
    g.asm.arsh(reg, 32)


def substr(g: ExprGen, e: ast.Call) -> Temp:
    """substr(s, idx[, cnt]): Perl's positions; negative ones count from the end.

    idx < 0 counts from the end of s, and if it still lands before the start
    the part before it eats into cnt; cnt < 0 leaves that many characters off
    the end.  Whatever falls outside s gives the empty string.
    """
    s = string_arg(g, e.args[0])
    idx = g.gen_int(e.args[1])
    cnt = g.gen_int(e.args[2]) if len(e.args) > 2 else None
    n = bound(g, s)
    off = g.scratch.alloc(n)
    asm = g.asm
    empty, copy, done = asm.new_label("sempty"), asm.new_label("scopy"), asm.new_label("sdone")
    copy_in(g, s, off, n)  # R0 = len
    int_arg(g, R1, idx)
    if cnt is not None:
        int_arg(g, R2, cnt)
    else:
        asm.mov(R2, g.ctx.strsize)  # DTrace's default count, even for a shorter s
    idx_ok = asm.new_label("sidx")
    asm.jcc("jsge", R1, 0, idx_ok)
    asm.add(R1, Reg(R0))  # from the end
    asm.jcc("jsge", R1, 0, idx_ok)
    asm.add(R2, Reg(R1))  # before the start: those characters are lost
    asm.jcc("jsle", R2, 0, empty)
    asm.mov(R1, 0)
    asm.label(idx_ok)
    asm.jcc("jsge", R1, Reg(R0), empty)
    asm.jcc("jsge", R2, 0, copy)
    asm.add(R2, Reg(R0))  # cnt < 0: leave -cnt characters off the end
    asm.sub(R2, Reg(R1))
    asm.jcc("jsle", R2, 0, empty)
    asm.label(copy)
    clamp(g, R1, n - 1)
    clamp(g, R2, n - 1)
    asm.add(R2, 1)
    g.regs.load_into(R3, s)
    asm.add(R3, Reg(R1))
    asm.mov(R1, Reg(R9))
    asm.add(R1, off)
    asm.call(Helper.probe_read_kernel_str)
    asm.ja(done)
    asm.label(empty)
    asm.st(B, R9, off, 0)
    asm.label(done)
    g.regs.release(s, idx, *(() if cnt is None else (cnt,)))
    return result_at(g, e, off)


# -- index, rindex, strstr --------------------------------------------------------------------


def index(g: ExprGen, e: ast.Call) -> Temp:
    _find(g, e, reverse=False)
    return g.result(g.typeof(e))


def rindex(g: ExprGen, e: ast.Call) -> Temp:
    _find(g, e, reverse=True)
    return g.result(g.typeof(e))


def strstr(g: ExprGen, e: ast.Call) -> Temp:
    """The rest of s from the first t in it; NULL when t is not in s."""
    a_off, n = _find(g, e, reverse=False)
    return _rest_or_null(g, e, a_off, n)


def _rest_or_null(g: ExprGen, e: ast.Call, off: int, n: int) -> Temp:
    """The string from R0 in the copy at R9+off, or NULL if R0 < 0."""
    asm = g.asm
    t = g.regs.alloc(g.typeof(e))  # before the branches: it may spill
    r = g.regs.reg(t)
    missing, done = asm.new_label("rnull"), asm.new_label("rdone")
    asm.jcc("jslt", R0, 0, missing)
    clamp(g, R0, n - 1)
    asm.mov(r, Reg(R9))
    asm.add(r, off)
    asm.add(r, Reg(R0))
    asm.ja(done)
    asm.label(missing)
    null_string(g, t)
    asm.label(done)
    t.dtype = g.typeof(e)
    return t


def _find(g: ExprGen, e: ast.Call, reverse: bool) -> tuple[int, int]:
    """Leave in R0 the position of t in s as index()/rindex() define it, or -1.

    index(s, t, pos) looks from pos (clamped at 0) forward; rindex(s, t, pos)
    from pos (clamped at the length) backward, and a negative pos finds
    nothing.  The empty t is found everywhere, even past the end: index with
    pos >= len gives len, rindex with pos < 0 gives 0, and with s empty too
    both give 0 whatever pos is.  (These are Perl's rules, which DTrace keeps.)
    """
    s = string_arg(g, e.args[0])
    t = string_arg(g, e.args[1])
    pos = g.gen_int(e.args[2]) if len(e.args) > 2 else None
    n, m = bound(g, s), bound(g, t)
    # words are compared 8 bytes at a time, so both buffers have room for
    # a word read starting at any position the loops can reach
    a_off = g.scratch.alloc(n + m + 16)
    b_off = g.scratch.alloc(m + 16)
    v_len, v_sub, v_lo, v_hi, v_res = slots(g, 5)
    asm = g.asm
    copy_in(g, s, a_off, n)
    asm.stx(DW, R9, v_len, R0)
    copy_in(g, t, b_off, m)
    asm.stx(DW, R9, v_sub, R0)
    done, search = asm.new_label("fdone"), asm.new_label("fsearch")
    _find_limits(g, pos, reverse, (v_len, v_sub, v_lo, v_hi, v_res), done, search)
    asm.label(search)
    _search(g, n, m, a_off, b_off, (v_sub, v_lo, v_hi, v_res), stop_first=not reverse)
    asm.label(done)
    g.regs.release(s, t, *(() if pos is None else (pos,)))
    asm.ldx(DW, R0, R9, v_res)
    return a_off, n


def _find_limits(
    g: ExprGen, pos: Temp | None, reverse: bool, v: tuple[int, ...], done: str, search: str
) -> None:
    """Store the range [lo, hi] of start positions to try, or the answer."""
    v_len, v_sub, v_lo, v_hi, v_res = v
    asm = g.asm
    asm.ldx(DW, R1, R9, v_len)
    asm.ldx(DW, R2, R9, v_sub)
    answer = asm.new_label("fans")
    # both empty: 0 whatever the position
    asm.mov(R0, 0)
    asm.mov(R3, Reg(R1))
    asm.or_(R3, Reg(R2))
    asm.jeq(R3, 0, answer)
    if pos is not None:
        int_arg(g, R3, pos)
    if reverse:
        if pos is None:
            asm.mov(R3, Reg(R1))
        else:
            nonneg = asm.new_label("fnn")
            asm.jcc("jsge", R3, 0, nonneg)
            _empty_t_gives(g, R2, 0, answer)
            asm.label(nonneg)
            within = asm.new_label("fin")
            asm.jcc("jsle", R3, Reg(R1), within)
            asm.mov(R3, Reg(R1))
            asm.label(within)
        asm.stx(DW, R9, v_hi, R3)
        asm.st(DW, R9, v_lo, 0)
    else:
        if pos is None:
            asm.mov(R3, 0)
        else:
            nonneg = asm.new_label("fnn")
            asm.jcc("jsge", R3, 0, nonneg)
            asm.mov(R3, 0)
            asm.label(nonneg)
            before_end = asm.new_label("fbe")
            asm.jcc("jslt", R3, Reg(R1), before_end)
            _empty_t_gives(g, R2, Reg(R1), answer)
            asm.label(before_end)
        asm.stx(DW, R9, v_lo, R3)
        asm.stx(DW, R9, v_hi, R1)
    # t cannot start later than len - sublen
    asm.sub(R1, Reg(R2))
    asm.ldx(DW, R3, R9, v_hi)
    fits = asm.new_label("ffit")
    asm.jcc("jsle", R3, Reg(R1), fits)
    asm.stx(DW, R9, v_hi, R1)
    asm.label(fits)
    asm.st(DW, R9, v_res, -1)
    asm.ja(search)
    asm.label(answer)
    asm.stx(DW, R9, v_res, R0)
    asm.ja(done)


def _empty_t_gives(g: ExprGen, sub: int, value: int | Reg, answer: str) -> None:
    """At an out-of-range position: ``value`` if t is empty, else -1."""
    asm = g.asm
    asm.mov(R0, -1)
    asm.jne(sub, 0, answer)
    asm.mov(R0, value)
    asm.ja(answer)


def _search(
    g: ExprGen, n: int, m: int, a_off: int, b_off: int, v: tuple[int, ...], stop_first: bool
) -> None:
    """For i in [lo, hi]: does t match at s+i?  Store the first (or last) i.

    Two nested loops, i over s and k over the words of t.  A loop counted in
    a register costs the verifier a walk per iteration, n * m / 8 for both;
    instead both counters live in machine state and each loop head is a
    ``may_goto``, so the verifier sees the head's state repeat (nothing in a
    register) and stops after one walk of each body.  At run time the loops
    end by their own tests long before may_goto's budget (8M) runs out.
    """
    v_sub, v_lo, v_hi, v_res = v
    v_mask, v_i, v_k = slots(g, 3)
    asm = g.asm
    asm.ldx(DW, R0, R9, v_sub)
    asm.and_(R0, 7)
    asm.lsh(R0, 3)
    asm.mov(R2, 1)
    asm.lsh(R2, Reg(R0))
    asm.sub(R2, 1)
    asm.stx(DW, R9, v_mask, R2)
    asm.st(DW, R9, v_i, 0)
    loop, nxt, out = asm.new_label("fl"), asm.new_label("fn"), asm.new_label("fo")
    inner, tail = asm.new_label("fi"), asm.new_label("ft")
    asm.label(loop)
    may_goto(g, out)
    load_below(g, R1, v_i, n, out)
    asm.ldx(DW, R0, R9, v_hi)
    asm.jcc("jsgt", R1, Reg(R0), out)
    asm.ldx(DW, R0, R9, v_lo)
    asm.jcc("jslt", R1, Reg(R0), nxt)
    # whole words of t first
    asm.st(DW, R9, v_k, 0)
    asm.label(inner)
    may_goto(g, nxt)
    load_below(g, R4, v_k, m, tail)
    asm.ldx(DW, R3, R9, v_sub)
    asm.and_(R3, ~7)
    asm.jcc("jge", R4, Reg(R3), tail)
    load_below(g, R1, v_i, n, out)
    _word_diff(g, a_off, b_off)
    asm.jne(R5, 0, nxt)
    asm.add(R4, 8)
    asm.stx(DW, R9, v_k, R4)
    asm.ja(inner)
    # then its last sublen % 8 bytes, under the mask (0 when there are none)
    asm.label(tail)
    load_below(g, R1, v_i, n, out)
    load_below(g, R4, v_k, m + 8, out)
    _word_diff(g, a_off, b_off)
    asm.ldx(DW, R0, R9, v_mask)
    asm.and_(R5, Reg(R0))
    asm.jne(R5, 0, nxt)
    asm.stx(DW, R9, v_res, R1)
    if stop_first:
        asm.ja(out)
    asm.label(nxt)
    asm.ldx(DW, R1, R9, v_i)
    asm.add(R1, 1)
    asm.stx(DW, R9, v_i, R1)
    asm.ja(loop)
    asm.label(out)


def may_goto(g: ExprGen, target: str) -> None:
    """BPF_JCOND may_goto: taken only when the kernel's loop budget is spent."""
    g.asm.emit(Insn(JMP | BPF_JCOND, target=target, comment="may_goto"))


def load_below(g: ExprGen, reg: int, slot: int, limit: int, otherwise: str) -> None:
    """reg = a counter kept in machine state, known to the verifier to be < limit."""
    g.asm.ldx(DW, reg, R9, slot)
    g.asm.jcc("jge", reg, limit, otherwise)


def _word_diff(g: ExprGen, a_off: int, b_off: int) -> None:
    """R5 = the 8 bytes at s+i+k xor the 8 bytes at t+k."""
    asm = g.asm
    asm.mov(R5, Reg(R9))
    asm.add(R5, Reg(R1))
    asm.add(R5, Reg(R4))
    asm.ldx(DW, R5, R5, a_off)
    asm.mov(R0, Reg(R9))
    asm.add(R0, Reg(R4))
    asm.ldx(DW, R0, R0, b_off)
    asm.xor(R5, Reg(R0))


# -- strchr, strrchr ----------------------------------------------------------------------------


def strchr(g: ExprGen, e: ast.Call, last: bool = False) -> Temp:
    """The rest of s from the first (strrchr: last) c in it; c may be the NUL.
    NULL when c is not in s."""
    s = string_arg(g, e.args[0])
    c = g.gen_int(e.args[1])
    n = bound(g, s)
    off = g.scratch.alloc(n)
    (v_c, v_res) = slots(g, 2)
    asm = g.asm
    copy_in(g, s, off, n)
    asm.st(DW, R9, v_res, -1)
    g.regs.load_into(R1, c)
    asm.and_(R1, 0xFF)
    asm.stx(DW, R9, v_c, R1)
    g.regs.release(s, c)
    loop, nxt, out = asm.new_label("cl"), asm.new_label("cn"), asm.new_label("co")
    asm.mov(R1, 0)
    asm.label(loop)
    asm.jcc("jge", R1, n, out)
    asm.mov(R2, Reg(R9))
    asm.add(R2, Reg(R1))
    asm.ldx(B, R2, R2, off)
    asm.ldx(DW, R3, R9, v_c)
    asm.jne(R2, Reg(R3), nxt)
    asm.stx(DW, R9, v_res, R1)
    if not last:
        asm.ja(out)
    asm.label(nxt)
    asm.jeq(R2, 0, out)
    asm.add(R1, 1)
    asm.ja(loop)
    asm.label(out)
    asm.ldx(DW, R0, R9, v_res)
    return _rest_or_null(g, e, off, n)


def strrchr(g: ExprGen, e: ast.Call) -> Temp:
    return strchr(g, e, last=True)


# -- toupper, tolower -------------------------------------------------------------------------------


def toupper(g: ExprGen, e: ast.Call) -> Temp:
    return _convert_case(g, e, ord("a"), ord("z"), ord("A") - ord("a"))


def tolower(g: ExprGen, e: ast.Call) -> Temp:
    return _convert_case(g, e, ord("A"), ord("Z"), ord("a") - ord("A"))


def _convert_case(g: ExprGen, e: ast.Call, lo: int, hi: int, delta: int) -> Temp:
    s = string_arg(g, e.args[0])
    n = bound(g, s)
    off = g.scratch.alloc(n)
    copy_in(g, s, off, n)
    g.regs.release(s)
    asm = g.asm
    loop, nxt, out = asm.new_label("ul"), asm.new_label("un"), asm.new_label("uo")
    asm.mov(R1, 0)
    asm.label(loop)
    asm.jcc("jge", R1, n, out)
    asm.mov(R2, Reg(R9))
    asm.add(R2, Reg(R1))
    asm.ldx(B, R3, R2, off)
    asm.jeq(R3, 0, out)
    asm.jcc("jlt", R3, lo, nxt)
    asm.jcc("jgt", R3, hi, nxt)
    asm.add(R3, delta)
    asm.stx(B, R2, off, R3)
    asm.label(nxt)
    asm.add(R1, 1)
    asm.ja(loop)
    asm.label(out)
    return result_at(g, e, off)


# -- basename, dirname --------------------------------------------------------------------------------


def basename(g: ExprGen, e: ast.Call) -> Temp:
    return _path(g, e, base=True)


def dirname(g: ExprGen, e: ast.Call) -> Temp:
    return _path(g, e, base=False)


def _path(g: ExprGen, e: ast.Call, base: bool) -> Temp:
    """DTrace's basename/dirname: trailing slashes never count.

    One forward pass finds the last path component: ``last`` (its last
    character), ``seg`` (its first) and ``before`` (the last non-slash
    character before the slashes that precede it, -1 if none).  Then
    basename is s[seg..last]; dirname is "." if there is no slash before the
    component, "/" if only slashes are, else s[0..before].  An empty s gives
    "." and a string of slashes "/".
    """
    s = string_arg(g, e.args[0])
    n = bound(g, s)
    out_n = g.ctx.string_size(g.typeof(e))
    a_off = g.scratch.alloc(n)
    dst = g.scratch.alloc(out_n)
    v_len, v_last, v_seg, v_before = slots(g, 4)
    asm = g.asm
    copy_in(g, s, a_off, n)
    g.regs.release(s)
    asm.stx(DW, R9, v_len, R0)
    asm.st(DW, R9, v_last, -1)
    asm.st(DW, R9, v_seg, 0)
    asm.st(DW, R9, v_before, -1)
    _scan_path(g, n, a_off, (v_last, v_seg, v_before))
    dot, slash, copy, done = (asm.new_label(x) for x in ("pdot", "pslash", "pcopy", "pdone"))
    asm.ldx(DW, R0, R9, v_len)
    asm.jeq(R0, 0, dot)
    asm.ldx(DW, R2, R9, v_last)
    asm.jcc("jslt", R2, 0, slash)
    asm.ldx(DW, R1, R9, v_seg)
    if not base:
        asm.jeq(R1, 0, dot)
        asm.ldx(DW, R2, R9, v_before)
        asm.jcc("jslt", R2, 0, slash)
        asm.mov(R1, 0)
    # copy s[R1..R2]: R2 - R1 + 1 characters and the NUL
    asm.label(copy)
    clamp(g, R1, n - 1)
    clamp(g, R2, n - 1)
    asm.sub(R2, Reg(R1))
    asm.add(R2, 2)
    clamp(g, R2, out_n)
    asm.mov(R3, Reg(R9))
    asm.add(R3, a_off)
    asm.add(R3, Reg(R1))
    asm.mov(R1, Reg(R9))
    asm.add(R1, dst)
    asm.jcc("jslt", R2, 1, done)  # never: the verifier wants a size of at least 1
    asm.call(Helper.probe_read_kernel_str)
    asm.ja(done)
    asm.label(dot)
    asm.st(H, R9, dst, ord("."))
    asm.ja(done)
    asm.label(slash)
    asm.st(H, R9, dst, ord("/"))
    asm.label(done)
    return result_at(g, e, dst)


def _scan_path(g: ExprGen, n: int, a_off: int, v: tuple[int, int, int]) -> None:
    v_last, v_seg, v_before = v
    asm = g.asm
    loop, nxt, out = asm.new_label("bl"), asm.new_label("bn"), asm.new_label("bo")
    new_seg, cont = asm.new_label("bs"), asm.new_label("bc")
    slash = ord("/")
    asm.mov(R1, 0)
    asm.label(loop)
    asm.jcc("jge", R1, n, out)
    asm.mov(R2, Reg(R9))
    asm.add(R2, Reg(R1))
    asm.ldx(B, R3, R2, a_off)
    asm.jeq(R3, 0, out)
    asm.jeq(R3, slash, nxt)
    asm.jeq(R1, 0, new_seg)
    asm.ldx(B, R3, R2, a_off - 1)
    asm.jne(R3, slash, cont)
    asm.label(new_seg)
    asm.ldx(DW, R3, R9, v_last)
    asm.stx(DW, R9, v_before, R3)
    asm.stx(DW, R9, v_seg, R1)
    asm.label(cont)
    asm.stx(DW, R9, v_last, R1)
    asm.label(nxt)
    asm.add(R1, 1)
    asm.ja(loop)
    asm.label(out)


# -- lltostr ------------------------------------------------------------------------------------------

DIGITS_AT = 68  # where the NUL goes: 64 binary digits and up to 3 prefix bytes before


def lltostr(g: ExprGen, e: ast.Call) -> Temp:
    """Decimal is signed; other bases (2..36) print the unsigned bits, with
    "0" before octal and "0x" before hexadecimal, as DTrace does."""
    from .faults import FAULT_ILLOP

    v = g.gen_int(e.args[0])
    b = g.gen_int(e.args[1]) if len(e.args) > 1 else None
    out_n = g.ctx.string_size(g.typeof(e))
    buf = g.scratch.alloc(DIGITS_AT + 8)
    dst = g.scratch.alloc(out_n)
    (v_base,) = slots(g, 1)
    asm = g.asm
    if b is not None:
        g.regs.load_into(R1, b)
        asm.mov(R0, 1)
        asm.sub(R1, 2)
        ok = asm.new_label("lbase")
        asm.jcc("jle", R1, 34, ok)
        asm.mov(R0, 0)
        asm.label(ok)
        g.fault_if_zero(R0, FAULT_ILLOP)
        g.regs.load_into(R1, b)
        asm.stx(DW, R9, v_base, R1)
    else:
        asm.st(DW, R9, v_base, 10)
    _digits(g, v, buf, v_base)
    _prefix(g, v, v_base, buf)
    # R3 = the position of the first character
    asm.mov(R3, Reg(R9))
    asm.add(R3, buf)
    asm.add(R3, Reg(R4))
    asm.add(R3, 1)
    g.regs.release(v, *(() if b is None else (b,)))
    g.call(Helper.probe_read_kernel_str, g.ms_addr(dst), out_n)
    return result_at(g, e, dst)


def _digits(g: ExprGen, v: Temp, buf: int, v_base: int) -> None:
    """Digits from the last one back; leaves R4 = the free position before them."""
    asm = g.asm
    loop, out, small = asm.new_label("dl"), asm.new_label("do"), asm.new_label("ds")
    g.regs.load_into(R1, v)
    asm.ldx(DW, R2, R9, v_base)
    positive = asm.new_label("dpos")
    asm.jne(R2, 10, positive)
    asm.jcc("jsge", R1, 0, positive)
    asm.neg(R1)  # INT64_MIN stays itself, which unsigned division gets right
    asm.label(positive)
    asm.st(B, R9, buf + DIGITS_AT, 0)
    asm.mov(R4, DIGITS_AT - 1)
    asm.label(loop)
    asm.jeq(R1, 0, out)
    asm.jcc("jslt", R4, 3, out)  # never: 64 digits at most
    asm.mov(R3, Reg(R1))
    asm.mod(R3, Reg(R2))
    asm.div(R1, Reg(R2))
    asm.add(R3, ord("0"))
    asm.jcc("jle", R3, ord("9"), small)
    asm.add(R3, ord("a") - ord("0") - 10)
    asm.label(small)
    asm.mov(R5, Reg(R9))
    asm.add(R5, Reg(R4))
    asm.stx(B, R5, buf, R3)
    asm.sub(R4, 1)
    asm.ja(loop)
    asm.label(out)


def _prefix(g: ExprGen, v: Temp, v_base: int, buf: int) -> None:
    """"0x" for hex, "0" for octal and for zero, "-" for negative decimals."""
    asm = g.asm

    def put(ch: int) -> None:
        asm.mov(R5, Reg(R9))
        asm.add(R5, Reg(R4))
        asm.st(B, R5, buf, ch)
        asm.sub(R4, 1)

    g.regs.load_into(R1, v)
    asm.ldx(DW, R2, R9, v_base)
    not_hex, zero_done, sign_done = (asm.new_label(x) for x in ("pnh", "pz", "ps"))
    asm.jne(R2, 16, not_hex)
    nonzero = asm.new_label("pnz")
    asm.jne(R1, 0, nonzero)
    put(ord("0"))
    asm.label(nonzero)
    put(ord("x"))
    put(ord("0"))
    asm.ja(zero_done)
    asm.label(not_hex)
    want_zero = asm.new_label("pwz")
    asm.jeq(R2, 8, want_zero)
    asm.jne(R1, 0, zero_done)
    asm.label(want_zero)
    put(ord("0"))
    asm.label(zero_done)
    asm.jne(R2, 10, sign_done)
    asm.jcc("jsge", R1, 0, sign_done)
    put(ord("-"))
    asm.label(sign_done)
