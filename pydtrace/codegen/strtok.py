"""strtok(s, delims): the next token of s, stateful per CPU as in DTrace.

``strtok(s, d)`` starts on a copy of s; ``strtok(NULL, d)`` goes on where
the last call on this CPU stopped (and faults if there was none).  A call
that finds no more tokens returns NULL.

The state lives in a per-CPU map of its own: the position to go on from,
plus one (0: never started), then the string.  Each call copies the string
into scratch, marks the delimiters in a 256-bit set, skips the delimiters
before the token, copies the token out and stores where the next call goes
on: at the delimiter that ended the token, as DTrace does (the next call's
delimiters may not include it).  Both scans are ``may_goto`` loops whose position lives in machine
state, so the verifier walks each loop body once (see strings._search).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bpf.consts import Helper, MapType
from ..lang import ast
from .asm import DW, R0, R1, R2, R3, R4, R5, R9, B, Reg
from .context import MapSpec
from .faults import FAULT_BADADDR
from .nullstr import null_string
from .regs import Temp
from .strings import clamp, load_below, may_goto, slots, string_arg

if TYPE_CHECKING:
    from .expr import ExprGen

STATE_MAP = "strtok"
STATE_POS = 0  # position + 1
STATE_STR = 8
DELIM_SET = 32  # bytes: one bit per character


def strtok(g: ExprGen, e: ast.Call) -> Temp:
    ctx, asm = g.ctx, g.asm
    n = ctx.strbuf
    ctx.maps.setdefault(
        STATE_MAP, MapSpec(STATE_MAP, MapType.PERCPU_ARRAY, 4, STATE_STR + ((n + 7) & ~7), 1)
    )
    buf = g.scratch.alloc(n)
    dset = g.scratch.alloc(DELIM_SET)
    dst = g.scratch.alloc(n)
    (v_key, v_pos, v_start, v_k) = slots(g, 4)
    first = e.args[0]
    restart = not g.checker.is_null(first)
    if restart:
        s = string_arg(g, first)
        _state(g, v_key)
        asm.st(DW, R0, STATE_POS, 1)
        asm.add(R0, STATE_STR)
        asm.mov(R1, Reg(R0))
        asm.mov(R2, n)
        g.regs.load_into(R3, s)
        asm.call(Helper.probe_read_kernel_str)
        g.regs.release(s)
    _state(g, v_key)
    asm.ldx(DW, R1, R0, STATE_POS)
    if not restart:
        asm.mov(R2, Reg(R1))
        g.fault_if_zero(R2, FAULT_BADADDR)  # strtok(NULL, ...) with nothing begun
    asm.sub(R1, 1)
    asm.stx(DW, R9, v_pos, R1)
    asm.add(R0, STATE_STR)
    g.call(Helper.probe_read_kernel_str, g.ms_addr(buf), n, lambda reg: asm.mov(reg, Reg(R0)))
    d = string_arg(g, e.args[1])
    _delimiters(g, d, dset, v_k)
    g.regs.release(d)
    # skip delimiters, then take characters up to the next one
    at_end, take_done = asm.new_label("tend"), asm.new_label("ttaken")
    _scan(g, buf, dset, v_pos, n, stop_on_delim=False, end=at_end)
    asm.ldx(DW, R1, R9, v_pos)
    asm.stx(DW, R9, v_start, R1)
    _scan(g, buf, dset, v_pos, n, stop_on_delim=True, end=take_done)
    asm.label(take_done)
    t = g.regs.alloc(g.typeof(e))  # before the branches: it may spill
    r = g.regs.reg(t)
    # the token: buf[start, pos) and a NUL
    asm.ldx(DW, R3, R9, v_start)
    clamp(g, R3, n - 1)
    asm.ldx(DW, R2, R9, v_pos)
    asm.sub(R2, Reg(R3))
    asm.add(R2, 1)
    clamp(g, R2, n)
    asm.add(R3, Reg(R9))
    asm.add(R3, buf)
    asm.mov(R1, Reg(R9))
    asm.add(R1, dst)
    got = asm.new_label("tgot")
    asm.jcc("jge", R2, 1, got)
    asm.mov(R2, 1)  # never: the verifier wants a size of at least 1
    asm.label(got)
    asm.call(Helper.probe_read_kernel_str)
    _save_pos(g, v_key, v_pos)
    asm.mov(r, Reg(R9))
    asm.add(r, dst)
    done = asm.new_label("tdone")
    asm.ja(done)
    # no token left: NULL, and the next call starts at the end again
    asm.label(at_end)
    _save_pos(g, v_key, v_pos)
    null_string(g, t)
    asm.label(done)
    t.dtype = g.typeof(e)
    return t


def _state(g: ExprGen, v_key: int) -> None:
    """R0 = this CPU's strtok state (an array element is never missing)."""
    g.asm.st(DW, R9, v_key, 0)
    g.call(Helper.map_lookup_elem, g.map_fd(STATE_MAP), g.ms_addr(v_key))
    g.fault_if_zero(R0, FAULT_BADADDR)  # never: the verifier wants the check


def _save_pos(g: ExprGen, v_key: int, v_pos: int) -> None:
    _state(g, v_key)
    g.asm.ldx(DW, R1, R9, v_pos)
    g.asm.add(R1, 1)
    g.asm.stx(DW, R0, STATE_POS, R1)


def _delimiters(g: ExprGen, d: Temp, dset: int, v_k: int) -> None:
    """Set one bit in the set at R9+dset for each character of d."""
    asm = g.asm
    for i in range(0, DELIM_SET, 8):
        asm.st(DW, R9, dset + i, 0)
    m = g.ctx.string_size(d.dtype)
    dbuf = g.scratch.alloc(m)
    g.call(Helper.probe_read_kernel_str, g.ms_addr(dbuf), m, d)
    asm.st(DW, R9, v_k, 0)
    loop, out = asm.new_label("dl"), asm.new_label("do")
    asm.label(loop)
    may_goto(g, out)
    load_below(g, R1, v_k, m, out)
    asm.mov(R2, Reg(R9))
    asm.add(R2, Reg(R1))
    asm.ldx(B, R2, R2, dbuf)
    asm.jeq(R2, 0, out)
    _bit_of(g, R2, dset)
    asm.ldx(B, R5, R4, dset)
    asm.or_(R5, Reg(R3))
    asm.stx(B, R4, dset, R5)
    asm.add(R1, 1)
    asm.stx(DW, R9, v_k, R1)
    asm.ja(loop)
    asm.label(out)


def _bit_of(g: ExprGen, ch: int, dset: int) -> None:
    """R4 = R9 + the set's byte for ch (add dset when loading), R3 = its bit."""
    asm = g.asm
    asm.mov(R4, Reg(ch))
    asm.rsh(R4, 3)
    asm.and_(R4, DELIM_SET - 1)
    asm.add(R4, Reg(R9))
    asm.mov(R3, Reg(ch))
    asm.and_(R3, 7)
    asm.mov(R5, 1)
    asm.lsh(R5, Reg(R3))
    asm.mov(R3, Reg(R5))


def _scan(g: ExprGen, buf: int, dset: int, v_pos: int, n: int, stop_on_delim: bool,
          end: str) -> None:
    """Advance the position while the character is (or is not) a delimiter.

    Reaching the string's NUL jumps to ``end``; otherwise falls through with
    the position at the first character that stopped the scan.
    """
    asm = g.asm
    loop, stop = asm.new_label("sl"), asm.new_label("ss")
    asm.label(loop)
    may_goto(g, end)
    load_below(g, R1, v_pos, n, end)
    asm.mov(R2, Reg(R9))
    asm.add(R2, Reg(R1))
    asm.ldx(B, R2, R2, buf)
    asm.jeq(R2, 0, end)
    _bit_of(g, R2, dset)
    asm.ldx(B, R5, R4, dset)
    asm.and_(R5, Reg(R3))
    if stop_on_delim:
        asm.jne(R5, 0, stop)
    else:
        asm.jeq(R5, 0, stop)
    asm.ldx(DW, R1, R9, v_pos)
    asm.add(R1, 1)
    asm.stx(DW, R9, v_pos, R1)
    asm.ja(loop)
    asm.label(stop)
