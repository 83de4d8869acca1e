"""BTF reader: the kernel's own description of its C types.

The vmlinux blob is ~5.5 MB with ~130k types, so loading does as little as it
can: one pass over the type section records where each type starts and its
kind (two flat arrays), and everything else -- decoding a type, its name, the
name index -- happens on demand and is cached.  For vmlinux, the pass and the
name indexes are also kept on disk between runs (btf_cache).  The on-disk
format is the one in include/uapi/linux/btf.h.

Module BTF (/sys/kernel/btf/<module>) is *split* BTF: its type ids continue
after vmlinux's last id and its string offsets continue after vmlinux's string
section, so a split :class:`Btf` keeps a reference to its base and forwards
ids and string offsets that belong to it.
"""

from __future__ import annotations

import os
import struct
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from enum import IntEnum
from functools import cache

from ..cachefiles import cache_file
from .btf_cache import BtfScanCache

VMLINUX = "/sys/kernel/btf/vmlinux"
BTF_MAGIC = 0xEB9F
#: Pointers are the size of the machine's; pydtrace traces the kernel it runs on.
POINTER_SIZE = struct.calcsize("P")


class BtfError(Exception):
    """A malformed blob or a question BTF cannot answer (size of void, ...)."""


class Kind(IntEnum):
    UNKN = 0
    INT = 1
    PTR = 2
    ARRAY = 3
    STRUCT = 4
    UNION = 5
    ENUM = 6
    FWD = 7
    TYPEDEF = 8
    VOLATILE = 9
    CONST = 10
    RESTRICT = 11
    FUNC = 12
    FUNC_PROTO = 13
    VAR = 14
    DATASEC = 15
    FLOAT = 16
    DECL_TAG = 17
    TYPE_TAG = 18
    ENUM64 = 19


# Bytes that follow the 12-byte btf_type header: a fixed part, then vlen
# records of a per-kind size.  Indexed by kind; kinds beyond ENUM64 are
# rejected at scan time rather than mis-sized silently.
_FIXED = (0, 4, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 4, 0, 0)
_PER_VLEN = (0, 0, 0, 0, 12, 12, 8, 0, 0, 0, 0, 0, 0, 8, 0, 12, 0, 0, 0, 12)
_NKINDS = len(_FIXED)

# Kinds that are just another name or qualifier for the type they point at.
_TRANSPARENT = frozenset(
    (Kind.TYPEDEF, Kind.CONST, Kind.VOLATILE, Kind.RESTRICT, Kind.TYPE_TAG)
)
_QUALIFIERS = {Kind.CONST: "const", Kind.VOLATILE: "volatile", Kind.RESTRICT: "restrict"}
_SIZED = frozenset(
    (Kind.INT, Kind.STRUCT, Kind.UNION, Kind.ENUM, Kind.ENUM64, Kind.FLOAT, Kind.DATASEC)
)

# INT encoding bits (BTF_INT_ENCODING).
INT_SIGNED = 1
INT_CHAR = 2
INT_BOOL = 4

# Kind names accepted by find(); "enum" covers both 32- and 64-bit enums
# because C has one enum namespace.
_KIND_WORDS: dict[str, tuple[Kind, ...]] = {
    "int": (Kind.INT,),
    "ptr": (Kind.PTR,),
    "array": (Kind.ARRAY,),
    "struct": (Kind.STRUCT,),
    "union": (Kind.UNION,),
    "enum": (Kind.ENUM, Kind.ENUM64),
    "enum64": (Kind.ENUM64,),
    "fwd": (Kind.FWD,),
    "typedef": (Kind.TYPEDEF,),
    "volatile": (Kind.VOLATILE,),
    "const": (Kind.CONST,),
    "restrict": (Kind.RESTRICT,),
    "func": (Kind.FUNC,),
    "func_proto": (Kind.FUNC_PROTO,),
    "var": (Kind.VAR,),
    "datasec": (Kind.DATASEC,),
    "float": (Kind.FLOAT,),
    "decl_tag": (Kind.DECL_TAG,),
    "type_tag": (Kind.TYPE_TAG,),
}

_HDR = struct.Struct("<HBBIIIII")
_TYPE = struct.Struct("<III")
_U32 = struct.Struct("<I")
_I32 = struct.Struct("<i")
_PAIR = struct.Struct("<Ii")
_UPAIR = struct.Struct("<II")
_TRIPLE = struct.Struct("<III")


@dataclass(frozen=True)
class Member:
    """A struct/union member.  ``bitfield_size`` is 0 for ordinary members."""

    name: str
    type: int
    bit_offset: int
    bitfield_size: int = 0

    @property
    def offset(self) -> int:
        """Byte offset (of the containing storage unit for bitfields)."""
        return self.bit_offset // 8


@dataclass(frozen=True)
class EnumValue:
    name: str
    value: int


@dataclass(frozen=True)
class Param:
    """A function parameter; name is "" when BTF has none (FUNC_PROTO of a pointer)."""

    name: str
    type: int


@dataclass(frozen=True)
class VarSecInfo:
    """One variable placed in a DATASEC."""

    type: int
    offset: int
    size: int


@dataclass(frozen=True)
class BtfType:
    """One decoded type.  Fields that do not apply to ``kind`` keep their defaults.

    ``type`` is the referenced type: pointee (PTR), aliased type (TYPEDEF and
    qualifiers), element (ARRAY), return type (FUNC_PROTO), prototype (FUNC),
    variable type (VAR) or tagged type (DECL_TAG/TYPE_TAG).
    """

    id: int
    kind: Kind
    name: str = ""
    kind_flag: bool = False
    size: int = 0
    type: int = 0
    # INT
    encoding: int = 0
    bit_offset: int = 0
    bits: int = 0
    # ARRAY
    index_type: int = 0
    nelems: int = 0
    # STRUCT / UNION
    members: tuple[Member, ...] = ()
    # ENUM / ENUM64
    values: tuple[EnumValue, ...] = ()
    # FUNC_PROTO
    params: tuple[Param, ...] = ()
    # FUNC (static/global/extern) and VAR (static/global/extern)
    linkage: int = 0
    # DATASEC
    vars: tuple[VarSecInfo, ...] = ()
    # DECL_TAG: -1 for the whole declaration, else member/parameter index
    component_idx: int = -1

    @property
    def signed(self) -> bool:
        """INT: signed encoding.  ENUM/ENUM64: kind_flag marks a signed enum."""
        if self.kind == Kind.INT:
            return bool(self.encoding & INT_SIGNED)
        return self.kind_flag

    @property
    def is_union_fwd(self) -> bool:
        return self.kind == Kind.FWD and self.kind_flag

    @property
    def vararg(self) -> bool:
        """FUNC_PROTO ending in ``...``: BTF marks it with a last param of type 0."""
        return bool(self.params) and self.params[-1].type == 0 and not self.params[-1].name


def canonical_int_name(name: str) -> str:
    """DWARF spells ints "long unsigned int"; C and D say "unsigned long"."""
    words = name.split()
    if "char" in words:  # char, signed char and unsigned char are three types
        return " ".join(words)
    unsigned = "unsigned" in words
    core = [w for w in words if w not in ("signed", "unsigned", "int")] or ["int"]
    return ("unsigned " if unsigned else "") + " ".join(core)


class Btf:
    """A loaded BTF blob (vmlinux or, with ``base``, a module's split BTF)."""

    def __init__(self, data: bytes, base: Btf | None = None,
                 scan_cache: str | None = None) -> None:
        if len(data) < _HDR.size:
            raise BtfError("BTF blob too short")
        magic, version, _flags, hdr_len, type_off, type_len, str_off, str_len = (
            _HDR.unpack_from(data, 0)
        )
        if magic != BTF_MAGIC:
            raise BtfError(f"bad BTF magic 0x{magic:x}")
        if version != 1:
            raise BtfError(f"unsupported BTF version {version}")
        self.data = data
        self.base = base
        self._type_start = hdr_len + type_off
        self._type_end = self._type_start + type_len
        self._str_start = hdr_len + str_off
        self._str_len = str_len
        if self._type_end > len(data) or self._str_start + str_len > len(data):
            raise BtfError("BTF sections extend past the end of the blob")
        # Split BTF numbers its types and strings after its base's.
        self.start_id = base.nr_types if base is not None else 1
        self._str_base = base._str_base + base._str_len if base is not None else 0
        # the scan and the name indexes of a blob seen before are on disk
        self._scan_cache = BtfScanCache(scan_cache, data) if scan_cache else None
        if self._scan_cache is not None and self._scan_cache.offsets is not None:
            self._offsets, self._kinds = self._scan_cache.offsets, self._scan_cache.kinds
        else:
            self._offsets, self._kinds = self._scan()
            if self._scan_cache is not None:
                self._scan_cache.save(self._offsets, self._kinds)
        self.nr_types = self.start_id + len(self._offsets)
        self._cache: dict[int, BtfType] = {}
        self._index: dict[Kind, dict[str, int]] = {}
        self._cname_cache: dict[int, str] = {}

    @classmethod
    def load(cls, path: str = VMLINUX, base: Btf | None = None,
             scan_cache: str | None = None) -> Btf:
        with open(path, "rb") as f:
            return cls(f.read(), base, scan_cache)

    # -- the one eager pass -------------------------------------------------

    def _scan(self) -> tuple[array, bytearray]:
        # The hot loop of loading: locals only, one unpack per type.
        data = self.data
        unpack = _U32.unpack_from
        fixed, per = _FIXED, _PER_VLEN
        offsets = array("I")
        kinds = bytearray()
        add_off, add_kind = offsets.append, kinds.append
        off, end = self._type_start, self._type_end
        while off < end:
            info = unpack(data, off + 4)[0]
            kind = (info >> 24) & 0x1F
            if kind >= _NKINDS or kind == 0:
                raise BtfError(f"unknown BTF kind {kind} at offset {off}")
            add_off(off)
            add_kind(kind)
            off += 12 + fixed[kind] + (info & 0xFFFF) * per[kind]
        if off != end:
            raise BtfError("BTF type section does not end on a type boundary")
        return offsets, kinds

    # -- strings ----------------------------------------------------------------

    def string(self, off: int) -> str:
        """The string at string-section offset ``off`` (offsets span base+split)."""
        if off < self._str_base:
            assert self.base is not None
            return self.base.string(off)
        pos = self._str_start + off - self._str_base
        end = self.data.find(b"\0", pos, self._str_start + self._str_len)
        if end < 0:
            raise BtfError(f"unterminated BTF string at {off}")
        return self.data[pos:end].decode("utf-8", "replace")

    # -- types --------------------------------------------------------------------

    def _owner(self, type_id: int) -> Btf:
        if type_id >= self.start_id:
            if type_id >= self.nr_types:
                raise BtfError(f"BTF type id {type_id} out of range")
            return self
        if self.base is None:
            raise BtfError(f"BTF type id {type_id} out of range")
        return self.base._owner(type_id)

    def kind(self, type_id: int) -> Kind:
        """The kind of a type without decoding it (void is UNKN)."""
        if type_id == 0:
            return Kind.UNKN
        owner = self._owner(type_id)
        return Kind(owner._kinds[type_id - owner.start_id])

    def type(self, type_id: int) -> BtfType:
        """Decode type ``type_id`` (0 is void, reported as kind UNKN)."""
        if type_id == 0:
            return BtfType(0, Kind.UNKN, "void")
        owner = self._owner(type_id)
        if owner is not self:
            return owner.type(type_id)
        t = self._cache.get(type_id)
        if t is None:
            t = self._decode(type_id)
            self._cache[type_id] = t
        return t

    def _decode(self, type_id: int) -> BtfType:
        data = self.data
        off = self._offsets[type_id - self.start_id]
        name_off, info, size_type = _TYPE.unpack_from(data, off)
        kind = Kind((info >> 24) & 0x1F)
        vlen = info & 0xFFFF
        kflag = bool(info >> 31)
        name = self.string(name_off) if name_off else ""
        if kind == Kind.INT:
            name = canonical_int_name(name)
        p = off + 12
        common = {"id": type_id, "kind": kind, "name": name, "kind_flag": kflag}
        if kind == Kind.INT:
            enc = _U32.unpack_from(data, p)[0]
            return BtfType(
                **common,
                size=size_type,
                encoding=(enc >> 24) & 0x0F,
                bit_offset=(enc >> 16) & 0xFF,
                bits=enc & 0xFF,
            )
        if kind == Kind.ARRAY:
            elem, index, nelems = _TRIPLE.unpack_from(data, p)
            return BtfType(**common, type=elem, index_type=index, nelems=nelems)
        if kind in (Kind.STRUCT, Kind.UNION):
            members = []
            for i in range(vlen):
                m_name, m_type, m_off = _TRIPLE.unpack_from(data, p + 12 * i)
                # kind_flag: high 8 bits of offset are the bitfield size.
                bf = m_off >> 24 if kflag else 0
                bit = m_off & 0xFFFFFF if kflag else m_off
                members.append(Member(self.string(m_name) if m_name else "", m_type, bit, bf))
            return BtfType(**common, size=size_type, members=tuple(members))
        if kind == Kind.ENUM:
            values = []
            for i in range(vlen):
                v_name, val = _PAIR.unpack_from(data, p + 8 * i)
                if not kflag:
                    val &= 0xFFFFFFFF  # unsigned enum: the s32 on disk is really u32
                values.append(EnumValue(self.string(v_name), val))
            return BtfType(**common, size=size_type, values=tuple(values))
        if kind == Kind.ENUM64:
            values = []
            for i in range(vlen):
                v_name, lo, hi = _TRIPLE.unpack_from(data, p + 12 * i)
                val = (hi << 32) | lo
                if kflag and val >= 1 << 63:
                    val -= 1 << 64
                values.append(EnumValue(self.string(v_name), val))
            return BtfType(**common, size=size_type, values=tuple(values))
        if kind == Kind.FUNC_PROTO:
            params = []
            for i in range(vlen):
                p_name, p_type = _UPAIR.unpack_from(data, p + 8 * i)
                params.append(Param(self.string(p_name) if p_name else "", p_type))
            return BtfType(**common, type=size_type, params=tuple(params))
        if kind == Kind.FUNC:
            return BtfType(**common, type=size_type, linkage=vlen)
        if kind == Kind.VAR:
            return BtfType(**common, type=size_type, linkage=_U32.unpack_from(data, p)[0])
        if kind == Kind.DATASEC:
            secinfo = tuple(
                VarSecInfo(*_TRIPLE.unpack_from(data, p + 12 * i)) for i in range(vlen)
            )
            return BtfType(**common, size=size_type, vars=secinfo)
        if kind == Kind.DECL_TAG:
            idx = _I32.unpack_from(data, p)[0]
            return BtfType(**common, type=size_type, component_idx=idx)
        if kind == Kind.FLOAT:
            return BtfType(**common, size=size_type)
        # PTR, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG: just a reference
        # (FWD's size_type is 0 and its kind_flag says struct or union).
        return BtfType(**common, type=size_type)

    def __len__(self) -> int:
        return self.nr_types

    def ids(self, kind: Kind | None = None) -> Iterator[int]:
        """This blob's own type ids (not the base's), optionally of one kind."""
        if kind is None:
            yield from range(self.start_id, self.nr_types)
            return
        # bytearray.find skips runs of other kinds in C, not in Python.
        kinds, needle, pos = self._kinds, bytes((kind,)), 0
        while (pos := kinds.find(needle, pos)) >= 0:
            yield self.start_id + pos
            pos += 1

    # -- names ----------------------------------------------------------------------

    def _name_index(self, kind: Kind) -> dict[str, int]:
        index = self._index.get(kind)
        if index is None:
            index = self._cached_index(kind)
        if index is None:
            index = {}
            data, offsets, start = self.data, self._offsets, self.start_id
            unpack = _U32.unpack_from
            for type_id in self.ids(kind):
                name_off = unpack(data, offsets[type_id - start])[0]
                if not name_off:
                    continue
                name = self.string(name_off)
                if kind == Kind.INT:
                    name = canonical_int_name(name)
                # First definition wins, as with a C compiler's first declaration.
                index.setdefault(name, type_id)
            self._index[kind] = index
            if self._scan_cache is not None:
                self._scan_cache.add_names(kind, index)
        return index

    def _cached_index(self, kind: Kind) -> dict[str, int] | None:
        if self._scan_cache is None:
            return None
        index = self._scan_cache.index(int(kind))
        if index is None or not all(
                type(v) is int and self.start_id <= v < self.nr_types for v in index.values()):
            return None
        self._index[kind] = index
        return index

    def names(self, kind: str | Kind) -> list[str]:
        """Names of this blob's own types of ``kind`` (indexing that kind)."""
        out: list[str] = []
        for k in _kinds_of(kind):
            out.extend(self._name_index(k))
        return out

    def find(self, name: str, kind: str | Kind) -> int | None:
        """Type id of the type called ``name`` of ``kind`` ("struct", Kind.FUNC, ...).

        Searches this blob, then its base; only the kinds asked about are
        indexed, so finding a struct never pays for indexing 56k functions.
        """
        kinds = _kinds_of(kind)
        if kinds == (Kind.INT,):
            name = canonical_int_name(name)
        for k in kinds:
            found = self._name_index(k).get(name)
            if found is not None:
                return found
        return self.base.find(name, kind) if self.base is not None else None

    # -- type algebra -------------------------------------------------------------

    def resolve(self, type_id: int) -> int:
        """Skip typedefs, qualifiers and type tags down to the underlying type."""
        for _ in range(64):  # a cycle here is a corrupt blob, not a real type
            if self.kind(type_id) not in _TRANSPARENT:
                return type_id
            type_id = self.type(type_id).type
        raise BtfError(f"typedef/qualifier chain too long at type {type_id}")

    def size(self, type_id: int) -> int:
        """sizeof() of a type, in bytes."""
        t = self.type(self.resolve(type_id))
        if t.kind in _SIZED:
            return t.size
        if t.kind == Kind.PTR:
            return POINTER_SIZE
        if t.kind == Kind.ARRAY:
            return t.nelems * self.size(t.type)
        if t.kind == Kind.VAR:
            return self.size(t.type)
        raise BtfError(f"type {type_id} ({self.c_name(type_id)}) has no size")

    def members(self, type_id: int) -> tuple[Member, ...]:
        """Members of a struct or union (through typedefs)."""
        t = self.type(self.resolve(type_id))
        if t.kind not in (Kind.STRUCT, Kind.UNION):
            raise BtfError(f"type {type_id} ({self.c_name(type_id)}) is not a struct or union")
        return t.members

    def find_member(self, type_id: int, name: str) -> Member | None:
        """Member ``name``, looking inside anonymous struct/union members as C does.

        The returned member's bit offset is from the start of ``type_id``.
        """
        for m in self.members(type_id):
            if m.name == name:
                return m
            if not m.name and self.kind(self.resolve(m.type)) in (Kind.STRUCT, Kind.UNION):
                inner = self.find_member(m.type, name)
                if inner is not None:
                    return Member(
                        inner.name, inner.type, m.bit_offset + inner.bit_offset,
                        inner.bitfield_size,
                    )
        return None

    # -- C spelling -----------------------------------------------------------------

    def c_name(self, type_id: int) -> str:
        """The type as C (and DTrace) spells it: ``struct task_struct *``, ``char [16]``."""
        name = self._cname_cache.get(type_id)
        if name is None:
            name = self._declare(type_id, "", 0)
            self._cname_cache[type_id] = name
        return name

    def _declare(self, type_id: int, decl: str, depth: int) -> str:
        """Spell ``type_id`` around the declarator ``decl`` (C's inside-out syntax)."""
        if depth > 64:
            raise BtfError(f"type {type_id} nests too deeply to print")
        t = self.type(type_id)
        k = t.kind
        if k == Kind.PTR:
            inner = "*" + decl
            # Pointers to arrays and functions need parentheses: char (*)[16].
            if self.kind(self._skip_tags(t.type)) in (Kind.ARRAY, Kind.FUNC_PROTO):
                inner = f"({inner})"
            return self._declare(t.type, inner, depth + 1)
        if k == Kind.ARRAY:
            return self._declare(t.type, f"{decl}[{t.nelems}]", depth + 1)
        if k == Kind.FUNC_PROTO:
            params = [self._declare(p.type, "", depth + 1) for p in t.params if p.type]
            if t.vararg:
                params.append("...")
            return self._declare(t.type, f"{decl}({', '.join(params) or 'void'})", depth + 1)
        if k in _QUALIFIERS:
            word = _QUALIFIERS[k]
            # A qualified pointer is spelled after the '*': char *const.
            if self.kind(self._skip_quals(t.type)) == Kind.PTR:
                return self._declare(t.type, word + (" " + decl if decl else ""), depth + 1)
            return word + " " + self._declare(t.type, decl, depth + 1)
        if k in (Kind.TYPE_TAG, Kind.VAR, Kind.DECL_TAG):
            return self._declare(t.type, decl, depth + 1)
        if k == Kind.FUNC:
            return self._declare(t.type, t.name + decl, depth + 1)
        base = self._base_name(t)
        return f"{base} {decl}" if decl else base

    def _base_name(self, t: BtfType) -> str:
        k = t.kind
        name = t.name or "(anon)"
        if k in (Kind.STRUCT, Kind.UNION):
            return ("struct " if k == Kind.STRUCT else "union ") + name
        if k in (Kind.ENUM, Kind.ENUM64):
            return "enum " + name
        if k == Kind.FWD:
            return ("union " if t.kind_flag else "struct ") + name
        if k == Kind.UNKN:
            return "void"
        return name  # INT, FLOAT, TYPEDEF, DATASEC

    def _skip_tags(self, type_id: int) -> int:
        while self.kind(type_id) == Kind.TYPE_TAG:
            type_id = self.type(type_id).type
        return type_id

    def _skip_quals(self, type_id: int) -> int:
        while self.kind(type_id) in _QUALIFIERS or self.kind(type_id) == Kind.TYPE_TAG:
            type_id = self.type(type_id).type
        return type_id

    # -- raw tracepoints -----------------------------------------------------------

    def rawtp_events(self, include_bare: bool = False) -> list[str]:
        """Every raw tracepoint with a ``btf_trace_<event>`` typedef in this blob.

        ``include_bare`` adds tracepoints that only have a ``__probestub_``
        function (bare DECLARE_TRACE ones such as sched_set_state_tp, which
        get no typedef); it costs indexing every function name (~70 ms).
        """
        events = {n[10:] for n in self.names(Kind.TYPEDEF) if n.startswith("btf_trace_")}
        if include_bare:
            events.update(n[12:] for n in self.names(Kind.FUNC) if n.startswith("__probestub_"))
        return sorted(events)

    def rawtp_args(self, event: str) -> tuple[Param, ...] | None:
        """The arguments a raw tracepoint passes, or None if BTF does not know it.

        ``btf_trace_<event>`` is a typedef of a pointer to the probe's
        prototype, whose first parameter is the ``void *`` cookie every probe
        gets; it is dropped.  That prototype has no parameter names, but the
        kernel also emits functions with the same parameters and their names
        (``__probestub_<event>`` per event since 6.x; ``__bpf_trace_<event>``
        only exists per event *class*), so names come from there when the
        types agree.
        """
        td = self.find("btf_trace_" + event, Kind.TYPEDEF)
        if td is None:
            stub = self.find("__probestub_" + event, Kind.FUNC)
            if stub is None:
                return None
            # Bare tracepoints have no typedef, but their stub has the same prototype.
            return self.type(self.type(stub).type).params[1:]
        ptr = self.type(self.resolve(td))
        proto = self.type(self.resolve(ptr.type)) if ptr.kind == Kind.PTR else ptr
        if proto.kind != Kind.FUNC_PROTO or not proto.params:
            raise BtfError(f"btf_trace_{event} is not a pointer to a function prototype")
        params = proto.params[1:]
        names = self._rawtp_names(event, params)
        return tuple(Param(n, p.type) for n, p in zip(names, params, strict=True))

    def _rawtp_names(self, event: str, params: tuple[Param, ...]) -> list[str]:
        for prefix in ("__probestub_", "__traceiter_", "__bpf_trace_"):
            fid = self.find(prefix + event, Kind.FUNC)
            if fid is None:
                continue
            named = self.type(self.type(fid).type).params[1:]
            if [p.type for p in named] == [p.type for p in params]:
                return [p.name for p in named]
        return [f"arg{i}" for i in range(len(params))]

    def rawtp_arg_types(self, event: str) -> list[str]:
        """C type names of raw tracepoint ``event``'s arguments (KeyError if unknown)."""
        args = self.rawtp_args(event)
        if args is None:
            raise KeyError(event)
        return [self.c_name(p.type) for p in args]

    def rawtp_arg_names(self, event: str) -> list[str]:
        """Parameter names of raw tracepoint ``event`` (argN where BTF has none)."""
        args = self.rawtp_args(event)
        if args is None:
            raise KeyError(event)
        return [p.name for p in args]


def _kinds_of(kind: str | Kind) -> tuple[Kind, ...]:
    if isinstance(kind, Kind):
        return (Kind.ENUM, Kind.ENUM64) if kind == Kind.ENUM else (kind,)
    try:
        return _KIND_WORDS[kind.lower()]
    except KeyError:
        raise BtfError(f"unknown BTF kind name {kind!r}") from None


@cache
def vmlinux(path: str = VMLINUX) -> Btf:
    """The running kernel's BTF, loaded once per process."""
    return Btf.load(path, scan_cache=cache_file("btf-vmlinux.marshal") if path == VMLINUX
                    else None)


@cache
def module(name: str, btf_dir: str = "/sys/kernel/btf") -> Btf | None:
    """A loaded module's split BTF on top of vmlinux's, or None if it has none."""
    path = os.path.join(btf_dir, name)
    if name == "vmlinux" or not os.path.exists(path):
        return None
    return Btf.load(path, base=vmlinux(os.path.join(btf_dir, "vmlinux")))
