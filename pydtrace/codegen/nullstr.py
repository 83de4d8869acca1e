"""The NULL string: what strchr() finds when the character is not there.

D strings are values, but a string may also be NULL (``s = NULL``, a
strstr() that found nothing, an associative array element never stored).
pydtrace string temps always point at readable memory, so the verifier can
check every read; NULL is therefore a *marked* string rather than address
zero: its first two bytes are NUL and 0x7f, the marker DTrace itself keeps in
variables that hold NULL.  Read as characters it is the empty string, so
code that only prints or copies strings needs no special case; code that
must tell NULL from "" (comparisons, stores, arguments that fault on NULL)
looks at the marker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..types.dtypes import STRING
from .asm import R0, H
from .faults import FAULT_BADADDR
from .regs import Temp

if TYPE_CHECKING:
    from .expr import ExprGen

#: the first two bytes of a NULL string, as a little-endian halfword
NULL_MARK = 0x7F00
NULL_BYTES = b"\0\x7f"


def null_string(g: ExprGen, into: Temp | None = None) -> Temp:
    """A temp holding the NULL string (or turn ``into`` into one)."""
    t = into or g.regs.alloc(STRING)
    r = g.regs.reg(t)
    g.asm.ld_map_value(r, "rodata", g.ctx.string_constant(NULL_BYTES))
    t.dtype = STRING
    return t


def null_flag(g: ExprGen, src: int, dst: int) -> None:
    """dst = 1 if the string src points at is NULL, else 0 (src may be dst)."""
    asm = g.asm
    is_null, done = asm.new_label("isnull"), asm.new_label("nulld")
    asm.ldx(H, dst, src, 0)
    asm.jeq(dst, NULL_MARK, is_null)
    asm.mov(dst, 0)
    asm.ja(done)
    asm.label(is_null)
    asm.mov(dst, 1)
    asm.label(done)


def fault_if_null(g: ExprGen, t: Temp) -> None:
    """DTrace faults on a NULL string argument: "invalid address (0)"."""
    g.regs.load_into(R0, t)
    null_flag(g, R0, R0)
    g.asm.xor(R0, 1)
    g.fault_if_zero(R0, FAULT_BADADDR)


def null_constant_arg(g: ExprGen, t: Temp) -> Temp:
    """A NULL constant passed where a string is expected: it always faults."""
    g.fault_if_zero(g.regs.reg(t), FAULT_BADADDR)
    return null_string(g, t)


def copy_null_mark(g: ExprGen, src: Temp, dst_base: int, dst_off: int) -> None:
    """After a string store: carry the NULL mark over to the destination."""
    asm = g.asm
    done = asm.new_label("nmark")
    g.regs.load_into(R0, src)
    asm.ldx(H, R0, R0, 0)
    asm.jne(R0, NULL_MARK, done)
    asm.st(H, dst_base, dst_off, NULL_MARK)
    asm.label(done)


