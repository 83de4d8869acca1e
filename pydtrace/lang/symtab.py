"""The checker's symbol tables and the small rules shared by its parts."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import CompileError
from ..types.dtypes import (
    VOID,
    ArrayType,
    DType,
    PointerType,
    bounded_string,
    is_char_array,
    wider_string,
)
from . import ast
from .aggfuncs import AggParams
from .alloca import AllocaVars
from .translators import TranslatorInfo

#: the actions, which have no value
ACTION_RETURNS: dict[str, DType] = {
    "printf": VOID,
    "trace": VOID,
    "exit": VOID,
    "printa": VOID,
    "clear": VOID,
    "trunc": VOID,
    "normalize": VOID,
    "denormalize": VOID,
    "speculate": VOID,
    "commit": VOID,
    "discard": VOID,
    "stack": VOID,
    "ustack": VOID,
}


@dataclass
class AggInfo:
    name: str
    func: str
    key_types: tuple[DType, ...]
    line: int
    params: AggParams


@dataclass
class AssocInfo:
    name: str
    key_types: tuple[DType, ...]
    value: DType


@dataclass
class Symbols:
    globals: dict[str, DType] = field(default_factory=dict)
    self_vars: dict[str, DType] = field(default_factory=dict)
    this_vars: dict[str, DType] = field(default_factory=dict)
    assocs: dict[str, AssocInfo] = field(default_factory=dict)
    aggs: dict[str, AggInfo] = field(default_factory=dict)
    #: inline constants: the script's own and those of the D library it used
    inlines: dict[str, ast.Inline] = field(default_factory=dict)
    #: which variables hold alloca pointers (see alloca.py)
    alloca: AllocaVars = field(default_factory=AllocaVars)
    #: translators by (input type, output type) names
    translators: dict[tuple[str, str], TranslatorInfo] = field(default_factory=dict)


def assoc_name(base: ast.Expr) -> str | None:
    """The associative array a subscript base names: x[..] or self->x[..]."""
    if isinstance(base, ast.Ident) and base.module is None:
        return base.name
    if isinstance(base, ast.SelfVar):
        return "self->" + base.name
    return None


def local_array(base: ast.Expr, this_vars: dict[str, DType]) -> None:
    """this->x[...] is a subscript only of a pointer or array: D has no local arrays."""
    t = this_vars.get(base.name) if isinstance(base, ast.ThisVar) else None
    if isinstance(base, ast.ThisVar) and not isinstance(t, PointerType | ArrayType) and not (
            t is not None and t.is_string):
        raise CompileError(f"clause-local arrays are not supported: this->{base.name}",
                           "D_ARR_LOCAL", base.line)


#: DTrace's tuple registers (the tregs option): a key has at most one more member
TUPLE_REGISTERS = 8


def check_tuple(keys: tuple[ast.Expr, ...]) -> None:
    """A key tuple DTrace could not assemble is refused as DTrace refuses it."""
    if len(keys) > TUPLE_REGISTERS + 1:
        # a code generator's error in DTrace: no tag, no line, no region
        raise CompileError("Insufficient tuple registers to generate code", region="")


def undefined(kind: str, name: str, line: int) -> CompileError:
    return CompileError(
        f"failed to resolve {kind}{name}: Unknown variable name", "D_IDENT_UNDEF", line
    )


def widen_keys(old: tuple[DType, ...], new: tuple[DType, ...]) -> tuple[DType, ...]:
    """Key types after another use: string bounds grow to fit both."""
    return tuple(wider_string(a, b) if a.is_string else a for a, b in zip(old, new, strict=True))


def stringish(t: DType) -> DType:
    """A char array stands for a string wherever D expects one."""
    if is_char_array(t):
        return bounded_string(t.size + 1)
    return t


def is_scalar(t: DType) -> bool:
    """Integers and pointers (D's scalars); char arrays are strings, not scalars."""
    return t.is_integer or t.is_pointer or (isinstance(t, ArrayType) and not is_char_array(t))


def storage_type(t: DType) -> DType:
    """The type a variable gets when assigned a value of type ``t``."""
    return stringish(t)
