"""Compile-time checks of printf()/printa() arguments against a format (dt_printf_validate).

The messages and D_* tags are DTrace's own; the checker of the D front end describes each
argument with an :class:`ArgInfo` and gets back the run-time :class:`ArgSpec` of each slot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from pydtrace.consumer.printf import ArgSpec, Check, Conversion, ConvSpec, Format, Printer
from pydtrace.errors import CompileError


class TypeClass(Enum):
    """The coarse class of an argument's D type, as the checks need it."""

    INTEGER = "integer"
    FLOAT = "float"
    POINTER = "pointer"
    STRING = "string"
    CHAR_ARRAY = "char_array"
    WCHAR_ARRAY = "wchar_array"
    STACK = "stack"
    SYMADDR = "symaddr"  # _symaddr (sym(), func(), ...)
    USYMADDR = "usymaddr"  # _usymaddr (usym(), ufunc(), ...)
    OTHER = "other"  # structs, void, aggregations, ...


@dataclass(frozen=True)
class ArgInfo:
    """What the type checker knows about one printf argument.

    ``type_name`` is the name DTrace prints in messages ("int", "string", "void",
    "aggregation"); ``resolved`` is the name after typedefs are resolved ("long",
    "unsigned short"); ``typedefs`` is the chain of typedef names from the
    declared type down (for %llx, which accepts int64_t/uint64_t).
    """

    type_name: str
    tclass: TypeClass
    size: int = 8
    signed: bool = True
    resolved: str = ""
    typedefs: tuple[str, ...] = ()
    is_char: bool = False


#: Integer types named by TYPE-checked conversions: (size, signed).
_NAMED_INTS: dict[str, tuple[int, bool]] = {
    "short": (2, True), "unsigned short": (2, False), "int": (4, True),
    "long": (8, True), "unsigned long": (8, False),
    "long long": (8, True), "unsigned long long": (8, False),
}


def incompatible_message(func: str, vname: str, conv: Conversion, arg_type: str) -> str:
    """DTrace's D_PRINTF_ARG_TYPE text, e.g. for ``printf("%d", "")``."""
    assert conv.spec is not None
    return (f"{func}( ) {vname} is incompatible with conversion #{conv.number} prototype:\n"
            f"\tconversion: %{conv.spec.name}\n\t prototype: {conv.spec.proto}\n"
            f"\t  argument: {arg_type}")


def _accepts(spec: ConvSpec, a: ArgInfo, has_target: bool) -> bool:
    t = a.tclass
    integer = t is TypeClass.INTEGER
    ck = spec.check
    if ck is Check.ADDR:
        return integer or t is TypeClass.POINTER
    if ck is Check.KADDR:
        return integer or t in (TypeClass.POINTER, TypeClass.SYMADDR)
    if ck is Check.UADDR:
        return t is TypeClass.USYMADDR or (has_target and (integer or t is TypeClass.POINTER))
    if ck is Check.STACK:
        return t is TypeClass.STACK
    if ck is Check.TIME:
        return integer and a.size == 8
    if ck is Check.STR:
        return t in (TypeClass.STRING, TypeClass.CHAR_ARRAY)
    if ck is Check.WSTR:
        return t is TypeClass.WCHAR_ARRAY
    if ck is Check.CSI:
        return integer and a.size <= 4
    if ck is Check.FP:
        return t is TypeClass.FLOAT
    if ck in (Check.XINT, Check.DINT):
        return integer
    if ck is Check.XSHORT:
        return a.resolved in ("short", "signed short", "unsigned short")
    if ck is Check.XLONG:
        return a.resolved in ("long", "signed long", "unsigned long")
    if ck is Check.XLONGLONG:
        return (a.resolved in ("long long", "signed long long", "unsigned long long")
                or any(n in ("int64_t", "uint64_t") for n in a.typedefs))
    # Check.TYPE: CTF compatibility means the same integer encoding (size, sign, char-ness).
    if spec.proto == "long double":
        return t is TypeClass.FLOAT and a.size == 16
    want = _NAMED_INTS.get(spec.proto)
    return (want is not None and integer and not a.is_char
            and (a.size, a.signed) == want)


def check_args(fmt: Format, func: str, args: Sequence[ArgInfo], *,
               agg_arg: ArgInfo | None = None, exact: bool = True, foff: int = 1,
               has_target: bool = False) -> tuple[ArgSpec, ...]:
    """Validate arguments against a format like dt_printf_validate(); raise CompileError.

    For printa() pass the aggregation keys as ``args``, ``agg_arg`` describing the
    aggregation result (uint64_t for count(), int64_t otherwise) and ``exact=False``.
    Returns the run-time ArgSpec of each argument slot, in ``fmt.slots()`` order.
    """
    if fmt.source == "":
        raise CompileError(f"{func}( ) format string is empty", "D_PRINTF_FMT_EMPTY")
    specs: list[ArgSpec] = []
    j = 0
    for c in fmt.items:
        spec = c.spec
        if spec is None or spec.printer is Printer.PCT:
            continue
        for dyn, present in (("*", c.dynwidth), (".*", c.dynprec)):
            if not present:
                continue
            if j >= len(args):
                raise CompileError(f"{func}( ) prototype mismatch: conversion #{c.number} "
                                   f"(%{spec.name}) is missing a corresponding \"{dyn}\" "
                                   "argument", "D_PRINTF_DYN_PROTO")
            if args[j].tclass is not TypeClass.INTEGER:
                raise CompileError(f"{func}( ) argument #{j + foff + 1} is incompatible with "
                                   f"conversion #{c.number} prototype:\n\tconversion: % {dyn} "
                                   f"{spec.name}\n\t prototype: int\n\t  argument: "
                                   f"{args[j].type_name}", "D_PRINTF_DYN_TYPE")
            specs.append(ArgSpec(args[j].size, args[j].signed))
            j += 1
        if c.agg:
            if agg_arg is None:
                raise CompileError("%@ conversion requires an aggregation and is not for use "
                                   f"with {func}( )", "D_PRINTF_AGG_CONV")
            vname, a = "aggregating action", agg_arg
        elif j >= len(args):
            raise CompileError(f"{func}( ) prototype mismatch: conversion #{c.number} "
                               f"(%{spec.name}) is missing a corresponding value argument",
                               "D_PRINTF_ARG_PROTO")
        else:
            vname, a = f"argument #{j + foff + 1}", args[j]
            j += 1
        if not _accepts(spec, a, has_target):
            raise CompileError(incompatible_message(func, vname, c, a.type_name),
                               "D_PRINTF_ARG_TYPE")
        if not c.agg:
            specs.append(ArgSpec(a.size, a.signed))
    if exact and j < len(args):
        raise CompileError(f"{func}( ) prototype mismatch: only {j} arguments required by "
                           "this format string", "D_PRINTF_ARG_EXTRA")
    return tuple(specs)
