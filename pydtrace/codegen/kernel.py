"""Offsets inside kernel structures, read from BTF once per compilation."""

from __future__ import annotations

from functools import cache

from ..errors import DTraceError


def member_offset(struct: str, path: str) -> int:
    """Byte offset of ``a.b.c`` inside ``struct <struct>``."""
    return _offsets(struct, path)


@cache
def _offsets(struct: str, path: str) -> int:
    from ..types.btf import vmlinux

    try:
        btf = vmlinux()
    except OSError as exc:
        raise DTraceError(f"kernel type information is unavailable: {exc}") from exc
    tid = btf.find(struct, "struct")
    if tid is None:
        raise DTraceError(f"kernel has no struct {struct}")
    total = 0
    for name in path.split("."):
        m = btf.find_member(tid, name)
        if m is None:
            raise DTraceError(f"struct {struct} has no member {path}")
        total += m.offset
        tid = m.type
    return total
