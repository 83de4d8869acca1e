"""print(): the memory a pointer points to, laid out member by member.

DTrace 2.x prints the address, then the pointed-to type, one member a line,
indented from column 44 by nesting depth::

    0xffff9b7aca7e0000 = *
                                                (struct foo) {
                                                 .a = (int)1,
                                                 .b = (char [5]) [
                                                  (char)'t',
                                                 ],
                                                }

Members whose bytes are all zero are left out, char arrays stop at their
NUL, and output stops with ``...`` at the printsize option's byte count.
Kernel types come from BTF, the script's own from its declarations; both
are seen through :class:`TypeView`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..types.btf import Btf, Kind, vmlinux
from ..types.dtypes import ArrayType, DType, IntType, StructType

START_INDENT = 44
MAX_DEPTH = 10
DEFAULT_PRINTSIZE = 8192

STRUCT, UNION, ARRAY, INT, ENUM, PTR, OTHER = (
    "struct", "union", "array", "int", "enum", "ptr", "other")
_STRUCTS = (STRUCT, UNION)
#: element types whose arrays are strings, cut at their NUL
CHAR_NAMES = ("char", "signed char", "unsigned char")


@dataclass(frozen=True)
class Member:
    name: str
    view: TypeView
    bit_offset: int
    bits: int = 0


class TypeView:
    """What the layout needs of a type: its kind, name, size and parts."""

    kind: str = OTHER
    name: str = ""
    size: int = 0
    signed: bool = False
    nelems: int = 0

    def members(self) -> list[Member]:
        return []

    def elem(self) -> TypeView:
        raise NotImplementedError

    def label(self, value: int) -> str | None:
        return None


class BtfView(TypeView):
    def __init__(self, btf: Btf, tid: int) -> None:
        self.btf, self.tid = btf, tid
        self.name = btf.c_name(tid).replace(" (anon)", "")
        rid = btf.resolve(tid)
        self.t = t = btf.type(rid)
        self.kind = {Kind.STRUCT: STRUCT, Kind.UNION: UNION, Kind.ARRAY: ARRAY, Kind.INT: INT,
                     Kind.ENUM: ENUM, Kind.ENUM64: ENUM, Kind.PTR: PTR}.get(t.kind, OTHER)
        try:
            self.size = btf.size(rid)
        except Exception:  # noqa: BLE001 - sizeless types print nothing
            self.size = 0
        self.signed = t.signed if t.kind == Kind.INT else False
        self.nelems = t.nelems

    def members(self) -> list[Member]:
        return [Member(m.name, BtfView(self.btf, m.type), m.bit_offset, m.bitfield_size)
                for m in self.t.members]

    def elem(self) -> TypeView:
        return BtfView(self.btf, self.t.type)

    def label(self, value: int) -> str | None:
        return next((e.name for e in self.t.values if e.value == value), None)


class ScriptView(TypeView):
    """A type the script declared (or a plain D type)."""

    def __init__(self, dtype: DType, labels: dict[str, dict[int, str]]) -> None:
        self.dtype, self.labels = dtype, labels
        self.name, self.size = dtype.name, dtype.size
        if isinstance(dtype, StructType):
            self.kind = UNION if dtype.name.split(" ")[0] == "union" else STRUCT
        elif isinstance(dtype, ArrayType):
            self.kind, self.nelems = ARRAY, dtype.count
        elif dtype.name.startswith("enum"):
            self.kind = ENUM
        elif isinstance(dtype, IntType):
            self.kind, self.signed = INT, dtype.signed
        elif dtype.is_pointer:
            self.kind = PTR

    def members(self) -> list[Member]:
        members = getattr(self.dtype, "members", None) or ()
        return [Member(m.name, ScriptView(m.dtype, self.labels), m.offset * 8, m.bits)
                for m in members]

    def elem(self) -> TypeView:
        return ScriptView(self.dtype.elem, self.labels)  # type: ignore[attr-defined]

    def label(self, value: int) -> str | None:
        return self.labels.get(self.name, {}).get(value)


@dataclass
class _Walk:
    data: bytes
    size: int
    out: list[str] = field(default_factory=list)
    last_depth: int = 0
    kinds: dict[int, str] = field(default_factory=dict)

    def line(self, depth: int, text: str) -> None:
        self.out.append(f"{'':{START_INDENT + depth}}{text}\n")

    def close(self, depth: int) -> None:
        """Close the braces of structs/unions printed deeper than ``depth``."""
        if self.kinds.get(depth) not in _STRUCTS:
            return
        if depth == 0 and self.last_depth == 0:
            self.last_depth = 1  # an empty top-level struct still closes
        for i in range(self.last_depth - depth, 0, -1):
            comma = "," if depth > 0 or i > 1 else ""
            self.line(depth + i - 1, "}" + comma)
            self.last_depth = depth

    def visit(self, name: str | None, v: TypeView, bit_off: int, depth: int,
              bits: int = 0, members: bool = True) -> bool:
        """One member (and, for a struct, its members); False stops the walk."""
        off = bit_off // 8
        if off >= self.size or depth >= MAX_DEPTH:
            self.line(depth, "...")
            return False
        if self.last_depth > depth:
            self.close(depth)
        if depth > 0 and not any(self.data[off : off + v.size]):
            return True
        self.kinds[depth] = v.kind
        self.last_depth = depth
        member = f".{name} = " if depth > 0 and name else ""
        text = self._value(v, bit_off, bits)
        if text is None:
            return True
        self.line(depth, member + text)
        if v.kind == ARRAY:
            self._elements(v, off, depth)
        elif v.kind in _STRUCTS and members:
            for m in v.members():
                if not self.visit(m.name, m.view, bit_off + m.bit_offset, depth + 1, m.bits):
                    return False
        return True

    def _value(self, v: TypeView, bit_off: int, bits: int) -> str | None:
        off = bit_off // 8
        if v.kind in _STRUCTS:
            return f"({v.name}) {{"
        if v.kind == ARRAY:
            return f"({v.name}) [" + ("]," if v.nelems == 0 else "")
        if v.kind == PTR:
            return f"({v.name})0x{_uint(self.data, off, 8):x},"
        if v.kind == ENUM:
            value = _int(self.data, off, 4, True)
            label = v.label(value)
            return f"({v.name}){label if label is not None else value},"
        if v.kind != INT:
            return None  # floats, functions: DTrace shows nothing
        if bits:
            raw = int.from_bytes(self.data[off : off + 8].ljust(8, b"\0"), "little")
            value = (raw >> (bit_off % 8)) & ((1 << bits) - 1)
            return f"({v.name}){value}," if value else None  # a zero bit-field is not shown
        if v.size not in (1, 2, 4, 8):
            return f"({v.name})?({v.size * 8} bit value),"
        value = _int(self.data, off, v.size, v.signed)
        if v.name == "char":
            return f"({v.name})'{chr(value & 0xFF)}',"
        return f"({v.name}){value},"

    def _elements(self, v: TypeView, off: int, depth: int) -> None:
        ev = v.elem()
        if not any(self.data[off : off + ev.size * v.nelems]):
            return
        is_char = ev.kind == INT and ev.size == 1 and ev.name in CHAR_NAMES
        # elements are printed by a walk of their own: they move no brace state,
        # and DTrace shows a struct element's opening line only, not its members
        sub = _Walk(self.data, self.size, self.out, self.last_depth, dict(self.kinds))
        for i in range(v.nelems):
            if is_char and self.data[off + i] == 0:
                break
            if not sub.visit(None, ev, (off + ev.size * i) * 8, depth + 1, members=False):
                return
        if v.nelems:
            self.line(depth, "],")


def _uint(data: bytes, off: int, n: int) -> int:
    return int.from_bytes(data[off : off + n].ljust(n, b"\0"), "little")


def _int(data: bytes, off: int, n: int, signed: bool) -> int:
    return int.from_bytes(data[off : off + n].ljust(n, b"\0"), "little", signed=signed)


def view_of(dtype: DType, labels: dict[str, dict[int, str]] | None = None) -> TypeView:
    if isinstance(dtype, StructType) and dtype.btf_id:
        return BtfView(vmlinux(), dtype.btf_id)
    return ScriptView(dtype, labels or {})


def format_print(addr: int, dtype: DType, data: bytes, printsize: int,
                 labels: dict[str, dict[int, str]] | None = None) -> str:
    """print()'s whole output for the memory at ``addr`` of type ``dtype``;
    ``labels`` names the values of the script's enums."""
    w = _Walk(data, min(printsize, len(data)))
    w.visit(None, view_of(dtype, labels), 0, 0)
    w.close(0)
    return f"0x{addr:x} = *\n" + "".join(w.out)
