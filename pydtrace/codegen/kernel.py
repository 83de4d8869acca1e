"""Offsets inside kernel structures, for built-in variables such as ppid."""

from __future__ import annotations

from functools import cache

from ..errors import DTraceError
from ..types.dtypes import StructType


@cache
def member_offset(struct: str, path: str) -> int:
    """Byte offset of ``a.b.c`` inside ``struct <struct>``, from BTF."""
    from ..types.kernel import member, struct_type

    try:
        t: object = struct_type("struct", struct)
    except OSError as exc:
        raise DTraceError(f"kernel type information is unavailable: {exc}") from exc
    if t is None:
        raise DTraceError(f"kernel has no struct {struct}")
    total = 0
    for name in path.split("."):
        m = member(t, name) if isinstance(t, StructType) else None
        if m is None:
            raise DTraceError(f"struct {struct} has no member {path}")
        total += m[0]
        t = m[1]
    return total
