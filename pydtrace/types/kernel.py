"""Kernel types from BTF, in the D type model."""

from __future__ import annotations

from functools import cache

from .btf import Kind, vmlinux
from .dtypes import (
    C_INTEGERS,
    VOID,
    ArrayType,
    DType,
    IntType,
    PointerType,
    StructType,
)

POINTER_DEPTH = 8


@cache
def from_btf(type_id: int, depth: int = 0) -> DType:
    """The D type of BTF type ``type_id``; pointer targets resolved lazily deep."""
    btf = vmlinux()
    name = btf.c_name(type_id)
    rid = btf.resolve(type_id)
    if rid == 0:
        return VOID
    t = btf.type(rid)
    if t.kind == Kind.INT:
        size = t.size
        known = C_INTEGERS.get(name)
        if known is not None and known.size == size:
            return known
        return IntType(name, size, t.signed)
    if t.kind in (Kind.ENUM, Kind.ENUM64):
        return IntType(name, t.size or 4, t.signed)
    if t.kind == Kind.PTR:
        target = from_btf(t.type, depth + 1) if depth < POINTER_DEPTH else VOID
        return PointerType(name, 8, target)
    if t.kind in (Kind.STRUCT, Kind.UNION):
        return StructType(name, t.size, rid)
    if t.kind == Kind.ARRAY:
        elem = from_btf(t.type, depth)
        return ArrayType(name, elem.size * t.nelems, elem, t.nelems)
    if t.kind == Kind.FWD:
        return StructType(name, 0, 0)
    if t.kind == Kind.FLOAT:
        return DType(name, t.size)
    return DType(name, 0)  # functions and such: opaque


def struct_type(kind: str, name: str) -> StructType | None:
    """``struct <name>`` / ``union <name>`` from the kernel, if it has one."""
    btf = vmlinux()
    tid = btf.find(name, kind)
    if tid is None:
        return None
    t = from_btf(tid)
    return t if isinstance(t, StructType) else None


def typedef_type(name: str) -> DType | None:
    btf = vmlinux()
    tid = btf.find(name, "typedef")
    return from_btf(tid) if tid is not None else None


def member(struct: StructType, name: str) -> tuple[int, DType, int, int] | None:
    """(byte offset, type, bit offset within the byte, bitfield bits) of a member."""
    if struct.members is not None:
        m = struct.find(name)
        return None if m is None else (m.offset, m.dtype, 0, m.bits)
    if not struct.btf_id:
        return None
    m = vmlinux().find_member(struct.btf_id, name)
    if m is None:
        return None
    return m.bit_offset // 8, from_btf(m.type), m.bit_offset % 8, m.bitfield_size


def curthread_type() -> DType:
    t = struct_type("struct", "task_struct")
    return PointerType("struct task_struct *", 8, t) if t else PointerType("void *", 8, VOID)
