"""Values in trace records and aggregation keys, by their compile-time layout."""

from __future__ import annotations

import struct

from ..codegen.layout import Field

_Q = struct.Struct("<q")


def decode_stack(buf: bytes | memoryview, f: Field) -> tuple[int, ...]:
    """Program counters up to the first empty slot (after the pid, for ustack)."""
    pcs = struct.unpack_from(f"<{f.size // 8}Q", buf, f.offset)
    first = 1 if f.kind == "ustack" else 0  # a user stack starts with its pid
    n = pcs.index(0, first) if 0 in pcs[first:] else len(pcs)
    return pcs[:n]


def decode_field(buf: bytes | memoryview, f: Field) -> object:
    """An int or a str from its slot in a record or key."""
    if f.kind in ("stack", "ustack"):
        return decode_stack(buf, f)
    if f.kind in ("usym", "ufunc", "uaddr", "umod"):
        return struct.unpack_from("<qQ", buf, f.offset)  # pid, address
    if f.kind == "bytes":
        return bytes(buf[f.offset : f.offset + f.size])
    if f.kind == "string":
        raw = bytes(buf[f.offset : f.offset + f.size])
        return raw.split(b"\0", 1)[0].decode("utf-8", "replace")
    if f.kind == "float":
        return struct.unpack_from("<f" if f.width == 4 else "<d", buf, f.offset)[0]
    v = _Q.unpack_from(buf, f.offset)[0]
    bits = f.width * 8
    v &= (1 << bits) - 1
    if f.signed and v >> (bits - 1):
        v -= 1 << bits
    return v
