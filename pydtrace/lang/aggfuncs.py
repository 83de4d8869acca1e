"""Aggregating functions: argument counts and the constant parameters of the
quantizations, checked with DTrace's messages and tags."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import CompileError
from . import ast

#: function -> (min, max) number of arguments
ARITY: dict[str, tuple[int, int]] = {
    "count": (0, 0),
    "sum": (1, 1),
    "avg": (1, 1),
    "min": (1, 1),
    "max": (1, 1),
    "stddev": (1, 1),
    "quantize": (1, 2),
    "lquantize": (3, 5),
    "llquantize": (5, 6),
}

#: index of the optional increment argument
INCREMENT_ARG = {"quantize": 1, "lquantize": 4, "llquantize": 5}

U16 = 0xFFFF


@dataclass(frozen=True)
class AggParams:
    """The compile-time shape of one aggregation's values."""

    func: str
    base: int = 0
    limit: int = 0
    step: int = 1
    factor: int = 0
    low: int = 0
    high: int = 0
    nsteps: int = 0

    @property
    def levels(self) -> int:
        return (self.limit - self.base) // self.step

    @property
    def nbuckets(self) -> int:
        """Counters a histogram keeps; consumer/aggfmt.py lays them out the same way."""
        from ..consumer.aggfmt import AggFunc, AggKind

        return AggKind(AggFunc(self.func), self.base, self.limit, self.step, self.factor,
                       self.low, self.high, self.nsteps).nbuckets

    @property
    def value_size(self) -> int:
        if self.func in ("quantize", "lquantize", "llquantize"):
            # the buckets, then a "set" word: increments that sum to zero still
            # leave the aggregation present, as in DTrace
            return self.nbuckets * 8 + 8
        return {"count": 8, "sum": 16, "avg": 16, "min": 16, "max": 16, "stddev": 32}[self.func]


def _const(call: ast.Call, index: int) -> int | None:
    a = call.args[index]
    if isinstance(a, ast.IntLit):
        return a.value
    if isinstance(a, ast.Unary) and a.op == "-" and isinstance(a.operand, ast.IntLit):
        return -a.operand.value
    return None


def _err(tag: str, message: str, line: int) -> CompileError:
    return CompileError(message, tag, line)


def parameters(call: ast.Call) -> AggParams:
    """Check an aggregating call's arguments and return its parameters."""
    name, line = call.name, call.line
    if name == "lquantize":
        return _lquantize(call, line)
    if name == "llquantize":
        return _llquantize(call, line)
    return AggParams(name)


def _lquantize(call: ast.Call, line: int) -> AggParams:
    base = _const(call, 1)
    if base is None:
        raise _err("D_LQUANT_BASETYPE", "lquantize( ) argument #1 must be an integer constant",
                   line)
    if not -(2**31) <= base < 2**31:
        raise _err("D_LQUANT_BASEVAL", "lquantize( ) argument #1 must be a 32-bit quantity",
                   line)
    limit = _const(call, 2)
    if limit is None:
        raise _err("D_LQUANT_LIMTYPE", "lquantize( ) argument #2 must be an integer constant",
                   line)
    if not -(2**31) <= limit < 2**31:
        raise _err("D_LQUANT_LIMVAL", "lquantize( ) argument #2 must be a 32-bit quantity",
                   line)
    if limit <= base:
        raise _err("D_LQUANT_MISMATCH",
                   "lquantize( ) base (argument #1) must be less than limit (argument #2)", line)
    step = 1
    if len(call.args) > 3:
        s = _const(call, 3)
        if s is None or s <= 0:
            raise _err("D_LQUANT_STEPTYPE",
                       "lquantize( ) argument #3 must be a non-zero positive integer constant",
                       line)
        if s > U16:
            raise _err("D_LQUANT_STEPVAL", "lquantize( ) argument #3 must be a 16-bit quantity",
                       line)
        step = s
    levels = (limit - base) // step
    if levels == 0:
        raise _err("D_LQUANT_STEPLARGE", "lquantize( ) step (argument #3) too large: must have "
                   "at least one quantization level", line)
    if levels > U16:
        raise _err("D_LQUANT_STEPSMALL", "lquantize( ) step (argument #3) too small: number of "
                   "quantization levels must be a 16-bit quantity", line)
    return AggParams("lquantize", base=base, limit=limit, step=step)


def _llquantize(call: ast.Call, line: int) -> AggParams:
    def need(index: int, tag: str) -> int:
        v = _const(call, index)
        if v is None:
            raise _err(tag, f"llquantize( ) argument #{index} must be an integer constant", line)
        return v

    factor = need(1, "D_LLQUANT_FACTORTYPE")
    if not 2 <= factor <= U16:
        raise _err("D_LLQUANT_FACTORVAL", "llquantize( ) argument #1 must be an unsigned 16-bit "
                   "quantity greater than or equal to 2", line)
    low = need(2, "D_LLQUANT_LMAGTYPE")
    if not 0 <= low <= U16:
        raise _err("D_LLQUANT_LMAGVAL", "llquantize( ) argument #2 must be an unsigned 16-bit "
                   "quantity", line)
    high = need(3, "D_LLQUANT_HMAGTYPE")
    if not 0 <= high <= U16:
        raise _err("D_LLQUANT_HMAGVAL", "llquantize( ) argument #3 must be an unsigned 16-bit "
                   "quantity", line)
    if high < low:
        raise _err("D_LLQUANT_HMAGVAL", "llquantize( ) argument #3 (high magnitude) must be at "
                   "least argument #2 (low magnitude)", line)
    if factor ** (high + 1) > 2**64 - 1:
        raise _err("D_LLQUANT_HMAGVAL", "llquantize( ) argument #3 (high magnitude) will cause "
                   "overflow of 64 bits", line)
    steps = _const(call, 4)
    if steps is None or steps <= 0:
        raise _err("D_LLQUANT_STEPTYPE", "llquantize( ) argument #4 must be a non-zero positive "
                   "integer constant", line)
    if steps > U16:
        raise _err("D_LLQUANT_STEPVAL", "llquantize( ) argument #4 must be an unsigned 16-bit "
                   "quantity", line)
    if steps < factor and factor % steps != 0:
        raise _err("D_LLQUANT_STEPVAL", "llquantize() argument #4 (steps) must evenly divide "
                   "argument #1 (factor) when steps<factor", line)
    if steps > factor:
        if steps % factor != 0:
            raise _err("D_LLQUANT_STEPVAL", "llquantize() argument #4 (steps) must be a multiple "
                       "of argument #1 (factor) when steps>factor", line)
        if low == 0 and (factor * factor) % steps != 0:
            raise _err("D_LLQUANT_STEPVAL", "llquantize() argument #4 (steps) must evenly divide "
                       "the square of argument #1 (factor) when steps>factor and lmag==0", line)
        if low > 0 and factor ** (low + 1) % steps != 0:
            raise _err("D_LLQUANT_STEPVAL", "llquantize() argument #4 (steps) must evenly divide "
                       "pow(argument #1 (factor), lmag (argument #2) + 1) when steps>factor and "
                       "lmag>0", line)
    return AggParams("llquantize", factor=factor, low=low, high=high, nsteps=steps)


def mismatch(old: AggParams, new: AggParams, line: int) -> CompileError | None:
    """DTrace's error when a quantization is used with other parameters."""
    if old == new:
        return None
    if new.func == "lquantize":
        if old.base != new.base:
            return _err("D_LQUANT_MATCHBASE", "lquantize( ) base (argument #1) doesn't match "
                        f"previous declaration: expected {old.base}, found {new.base}", line)
        if old.levels * old.step != new.levels * new.step:
            return _err("D_LQUANT_MATCHLIM", "lquantize( ) limit (argument #2) doesn't match "
                        f"previous declaration: expected {old.base + old.levels * old.step}, "
                        f"found {new.base + new.levels * new.step}", line)
        return _err("D_LQUANT_MATCHSTEP", "lquantize( ) step (argument #3) doesn't match "
                    f"previous declaration: expected {old.step}, found {new.step}", line)
    for field, tag, what in (("factor", "MATCHFACTOR", "factor (argument #1)"),
                             ("low", "MATCHLMAG", "lmag (argument #2)"),
                             ("high", "MATCHHMAG", "hmag (argument #3)"),
                             ("nsteps", "MATCHSTEPS", "steps (argument #4)")):
        a, b = getattr(old, field), getattr(new, field)
        if a != b:
            return _err(f"D_LLQUANT_{tag}", f"llquantize() {what} doesn't match previous "
                        f"declaration: expected {a}, found {b}", line)
    return None
