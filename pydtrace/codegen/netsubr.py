"""Network address subroutines: inet_ntoa, inet_ntoa6, inet_ntop, link_ntop.

Each reads the address bytes from memory (a bad address faults, naming it),
then writes the text form with straight-line code through a :class:`Writer`
whose position lives in machine state: the paths the data-dependent
branches take (digits, the collapsed run of zero words) then meet again in
identical verifier states, so the verifier walks the code about once.  The
text is cut at strsize, as DTrace cuts it.

inet_ntoa6 follows DTrace's rules: an address whose first five words are
zero and whose sixth is 0xffff, or whose first six are zero followed by
anything but ::0 and ::1, is IPv4 in IPv6 and printed as a dotted quad
(after "::ffff:" or "::" only when ``strict`` is set, as inet_ntop sets it);
otherwise the longest run (the first of equals) of two or more zero words
becomes "::" (RFC 5952).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..lang import ast
from .asm import DW, R0, R1, R2, R3, R4, R5, R9, B, Reg
from .faults import FAULT_BADADDR, FAULT_ILLOP
from .regs import Temp
from .strings import slots

if TYPE_CHECKING:
    from .expr import ExprGen

AF_INET, AF_INET6 = 2, 10
ARPHRD_ETHER, ARPHRD_INFINIBAND = 1, 32
ETH_ALEN, INFINIBAND_ALEN = 6, 20


class Writer:
    """Characters appended at R9+dst, never more than cap - 1 of them."""

    def __init__(self, g: ExprGen, cap: int) -> None:
        self.g, self.asm = g, g.asm
        self.cap = cap
        self.dst = g.scratch.alloc(cap)
        (self.v_pos,) = slots(g, 1)
        self.asm.st(DW, R9, self.v_pos, 0)

    def put(self, ch: int | Reg) -> None:
        """Append a character (an immediate, or a register other than R0)."""
        asm = self.asm
        full = asm.new_label("wfull")
        asm.ldx(DW, R0, R9, self.v_pos)
        asm.jcc("jge", R0, self.cap - 1, full)
        asm.add(R0, 1)
        asm.stx(DW, R9, self.v_pos, R0)
        asm.add(R0, Reg(R9))
        if isinstance(ch, Reg):
            asm.stx(B, R0, self.dst - 1, ch.n)
        else:
            asm.st(B, R0, self.dst - 1, ch)
        asm.label(full)

    def text(self, s: str) -> None:
        for c in s:
            self.put(ord(c))

    def hex_digit(self, reg: int) -> None:
        """Append the lowercase hex digit for reg (0..15); R3 is used."""
        asm = self.asm
        small = asm.new_label("hd")
        asm.mov(R3, Reg(reg))
        asm.add(R3, ord("0"))
        asm.jcc("jle", R3, ord("9"), small)
        asm.add(R3, ord("a") - ord("9") - 1)
        asm.label(small)
        self.put(Reg(R3))

    def hex_word(self, reg: int) -> None:
        """Append reg (16 bits) in hex without leading zeros; R2, R3 are used."""
        asm = self.asm
        for shift in (12, 8, 4, 0):
            skip = asm.new_label("hx")
            asm.mov(R2, Reg(reg))
            asm.rsh(R2, shift)
            if shift:
                asm.jeq(R2, 0, skip)  # a leading zero
            asm.and_(R2, 0xF)
            self.hex_digit(R2)
            asm.label(skip)

    def hex_byte(self, reg: int) -> None:
        """Append reg (8 bits) as two hex digits; R2, R3 are used."""
        for shift in (4, 0):
            self.asm.mov(R2, Reg(reg))
            self.asm.rsh(R2, shift)
            self.asm.and_(R2, 0xF)
            self.hex_digit(R2)

    def decimal_byte(self, reg: int) -> None:
        """Append reg (0..255) in decimal; R2, R3 are used."""
        asm = self.asm
        for div, mod in ((100, None), (10, 10), (1, 10)):
            skip = asm.new_label("dd")
            if div > 1:
                asm.jcc("jlt", reg, div, skip)
            asm.mov(R2, Reg(reg))
            if div > 1:
                asm.div(R2, div)
            if mod:
                asm.mod(R2, mod)
            asm.add(R2, ord("0"))
            self.put(Reg(R2))
            asm.label(skip)

    def finish(self, e: ast.Expr) -> Temp:
        """NUL-terminate; the result temp."""
        asm = self.asm
        asm.ldx(DW, R0, R9, self.v_pos)
        ok = asm.new_label("wend")
        asm.jcc("jlt", R0, self.cap, ok)
        asm.mov(R0, self.cap - 1)
        asm.label(ok)
        asm.add(R0, Reg(R9))
        asm.st(B, R0, self.dst, 0)
        t = self.g.regs.alloc(self.g.typeof(e))
        r = self.g.regs.reg(t)
        asm.mov(r, Reg(R9))
        asm.add(r, self.dst)
        return t


def read_bytes(g: ExprGen, addr: ast.Expr, size: int, v_size: int | None = None,
               least: int = 0) -> int:
    """Copy size bytes from the address into scratch (faulting on a bad one);
    with ``v_size``, only as many as that machine-state cell says (<= size,
    >= ``least``, which is what an alloca'd buffer must have room for)."""
    from . import alloca

    a = g.gen(addr)
    if alloca.is_alloca(g, addr):
        a = alloca.to_address(g, a, least or size)
    off = g.scratch.alloc(size)
    r = g.regs.reg(a)
    g.fault_if_zero(r, FAULT_BADADDR)

    def length(reg: int) -> None:
        if v_size is None:
            g.asm.mov(reg, size)
            return
        g.asm.ldx(DW, reg, R9, v_size)
        fits = g.asm.new_label("rb")
        g.asm.jcc("jle", reg, size, fits)
        g.asm.mov(reg, size)
        g.asm.label(fits)

    g.call(Helper.probe_read_kernel, g.ms_addr(off), length, a)
    g.fault_if_negative(R0, FAULT_BADADDR, g.regs.reg(a))  # type: ignore[attr-defined]
    g.regs.release(a)
    return off


def cap(g: ExprGen, e: ast.Expr) -> int:
    return g.ctx.string_size(g.typeof(e))


def _dotted_quad(w: Writer, off: int) -> None:
    for i in range(4):
        if i:
            w.put(ord("."))
        w.asm.ldx(B, R4, R9, off + i)
        w.decimal_byte(R4)


def inet_ntoa(g: ExprGen, e: ast.Call) -> Temp:
    off = read_bytes(g, e.args[0], 4)
    w = Writer(g, cap(g, e))
    _dotted_quad(w, off)
    return w.finish(e)


def inet_ntoa6(g: ExprGen, e: ast.Call) -> Temp:
    strict = len(e.args) > 1 and _constant(g, e.args[1]) != 0
    off = read_bytes(g, e.args[0], 16)
    w = Writer(g, cap(g, e))
    _ipv6(g, w, off, strict)
    return w.finish(e)


def inet_ntop(g: ExprGen, e: ast.Call) -> Temp:
    """inet_ntoa for AF_INET, strict inet_ntoa6 for AF_INET6; any other
    family is an illegal operation."""
    asm = g.asm
    v_af, v_size = slots(g, 2)
    af = g.gen_int(e.args[0])
    r = g.regs.reg(af)
    asm.stx(DW, R9, v_af, r)
    known, v4 = asm.new_label("afok"), asm.new_label("af4")
    asm.mov(R0, 1)
    asm.st(DW, R9, v_size, 4)
    asm.jeq(r, AF_INET, known)
    asm.st(DW, R9, v_size, 16)
    asm.jeq(r, AF_INET6, known)
    asm.mov(R0, 0)
    asm.label(known)
    g.fault_if_zero(R0, FAULT_ILLOP)
    g.regs.release(af)
    off = read_bytes(g, e.args[1], 16, v_size, least=4)
    w = Writer(g, cap(g, e))
    done = asm.new_label("afd")
    asm.ldx(DW, R0, R9, v_af)
    asm.jeq(R0, AF_INET, v4)
    _ipv6(g, w, off, strict=True)
    asm.ja(done)
    asm.label(v4)
    _dotted_quad(w, off)
    asm.label(done)
    return w.finish(e)


def _constant(g: ExprGen, e: ast.Expr) -> int:
    """inet_ntoa6's strict flag (the checker made sure it is a constant)."""
    if isinstance(e, ast.Unary) and e.op == "-":
        return -_constant(g, e.operand)
    return e.value if isinstance(e, ast.IntLit) else 1


def _word(g: ExprGen, reg: int, off: int, i: int) -> None:
    """reg = word i of the address, in host order."""
    g.asm.ldx(B, reg, R9, off + 2 * i)
    g.asm.lsh(reg, 8)
    g.asm.ldx(B, R5, R9, off + 2 * i + 1)
    g.asm.or_(reg, Reg(R5))


def _ipv6(g: ExprGen, w: Writer, off: int, strict: bool) -> None:
    asm = g.asm
    v_start, v_len, v_cur, v_curlen = slots(g, 4)
    text, done = asm.new_label("v6text"), asm.new_label("v6done")
    mapped, compat = asm.new_label("v6map"), asm.new_label("v6compat")
    # IPv4 in IPv6?
    for i in range(5):
        _word(g, R4, off, i)
        asm.jne(R4, 0, text)
    _word(g, R4, off, 5)
    asm.jeq(R4, 0xFFFF, mapped)
    asm.jne(R4, 0, text)
    _word(g, R4, off, 6)
    asm.jne(R4, 0, compat)
    _word(g, R4, off, 7)
    asm.jcc("jgt", R4, 1, compat)
    asm.ja(text)
    asm.label(mapped)
    if strict:
        w.text("::ffff:")
    _dotted_quad(w, off + 12)
    asm.ja(done)
    asm.label(compat)
    if strict:
        w.text("::")
    _dotted_quad(w, off + 12)
    asm.ja(done)
    # the longest run of zero words
    asm.label(text)
    for slot, v in ((v_start, 8), (v_len, 0), (v_cur, 0), (v_curlen, 0)):
        asm.st(DW, R9, slot, v)
    for i in range(8):
        nonzero, nxt = asm.new_label("z"), asm.new_label("zn")
        _word(g, R4, off, i)
        asm.jne(R4, 0, nonzero)
        asm.ldx(DW, R1, R9, v_curlen)
        cont = asm.new_label("zc")
        asm.jne(R1, 0, cont)
        asm.st(DW, R9, v_cur, i)
        asm.label(cont)
        asm.add(R1, 1)
        asm.stx(DW, R9, v_curlen, R1)
        asm.ldx(DW, R2, R9, v_len)
        asm.jcc("jle", R1, Reg(R2), nxt)
        asm.stx(DW, R9, v_len, R1)
        asm.ldx(DW, R2, R9, v_cur)
        asm.stx(DW, R9, v_start, R2)
        asm.ja(nxt)
        asm.label(nonzero)
        asm.st(DW, R9, v_curlen, 0)
        asm.label(nxt)
    keep = asm.new_label("zk")
    asm.ldx(DW, R1, R9, v_len)
    asm.jcc("jge", R1, 2, keep)  # a single zero word is not collapsed
    asm.st(DW, R9, v_start, 8)
    asm.st(DW, R9, v_len, 0)
    asm.label(keep)
    for i in range(8):
        outside, after_run, nxt = (asm.new_label(x) for x in ("wo", "wa", "wn"))
        asm.ldx(DW, R1, R9, v_start)
        asm.ldx(DW, R2, R9, v_len)
        asm.add(R2, Reg(R1))  # the end of the run
        asm.jcc("jgt", R1, i, outside)
        asm.jcc("jle", R2, i, outside)
        # inside the run: "::" at its first word, nothing after
        asm.jne(R1, i, nxt)
        w.text("::")
        asm.ja(nxt)
        asm.label(outside)
        if i:
            asm.jeq(R2, i, after_run)  # right after "::" no colon
            w.put(ord(":"))
            asm.label(after_run)
        _word(g, R4, off, i)
        w.hex_word(R4)
        asm.label(nxt)
    asm.label(done)


def link_ntop(g: ExprGen, e: ast.Call) -> Temp:
    """A link-layer address as colon-separated hex bytes: 6 of them for
    ARPHRD_ETHER, 20 for ARPHRD_INFINIBAND; any other type is an illegal
    operation."""
    asm = g.asm
    kind = g.gen_int(e.args[0])
    r = g.regs.reg(kind)
    ok = asm.new_label("lok")
    (v_kind,) = slots(g, 1)
    asm.stx(DW, R9, v_kind, r)
    asm.mov(R0, 1)
    asm.jeq(r, ARPHRD_ETHER, ok)
    asm.jeq(r, ARPHRD_INFINIBAND, ok)
    asm.mov(R0, 0)
    asm.label(ok)
    g.fault_if_zero(R0, FAULT_ILLOP)
    g.regs.release(kind)
    (v_size,) = slots(g, 1)
    long_addr = asm.new_label("lib")
    asm.st(DW, R9, v_size, INFINIBAND_ALEN)
    asm.ldx(DW, R0, R9, v_kind)
    asm.jeq(R0, ARPHRD_INFINIBAND, long_addr)
    asm.st(DW, R9, v_size, ETH_ALEN)
    asm.label(long_addr)
    off = read_bytes(g, e.args[1], INFINIBAND_ALEN, v_size, least=ETH_ALEN)
    w = Writer(g, cap(g, e))
    done = asm.new_label("ldone")
    for i in range(INFINIBAND_ALEN):
        if i == ETH_ALEN:
            asm.ldx(DW, R0, R9, v_kind)
            asm.jeq(R0, ARPHRD_ETHER, done)
        if i:
            w.put(ord(":"))
        asm.ldx(B, R4, R9, off + i)
        w.hex_byte(R4)
    asm.label(done)
    return w.finish(e)
