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
Types come from BTF (kernel types); plain integers and pointers print as one
value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..types.btf import Btf, Kind, vmlinux
from ..types.dtypes import ArrayType, DType, IntType, StructType

START_INDENT = 44
MAX_DEPTH = 10
DEFAULT_PRINTSIZE = 8192

_STRUCTS = (Kind.STRUCT, Kind.UNION)
#: element types whose arrays are strings, cut at their NUL
CHAR_NAMES = ("char", "signed char", "unsigned char")


@dataclass
class _Walk:
    btf: Btf
    data: bytes
    size: int
    out: list[str] = field(default_factory=list)
    last_depth: int = 0
    kinds: dict[int, Kind] = field(default_factory=dict)

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

    def visit(self, name: str | None, tid: int, bit_off: int, depth: int,
              bits: int = 0, members: bool = True) -> bool:
        """One member (and, for a struct, its members); False stops the walk."""
        btf = self.btf
        off = bit_off // 8
        if off >= self.size or depth >= MAX_DEPTH:
            self.line(depth, "...")
            return False
        tname = type_name(btf, tid)
        rid = btf.resolve(tid)
        t = btf.type(rid)
        if self.last_depth > depth:
            self.close(depth)
        if depth > 0:
            tsize = _size(btf, rid)
            if not any(self.data[off : off + tsize]):
                return True
        self.kinds[depth] = t.kind
        self.last_depth = depth
        member = f".{name} = " if depth > 0 and name else ""
        text = self._value(t, rid, tname, bit_off, bits)
        if text is None:
            return True
        self.line(depth, member + text)
        if t.kind == Kind.ARRAY:
            self._elements(t, off, depth)
        elif t.kind in _STRUCTS and members:
            for m in t.members:
                if not self.visit(m.name, m.type, bit_off + m.bit_offset, depth + 1,
                                  m.bitfield_size):
                    return False
        return True

    def _value(self, t, rid: int, tname: str, bit_off: int, bits: int) -> str | None:  # noqa: ANN001
        off = bit_off // 8
        if t.kind in _STRUCTS:
            return f"({tname}) {{"
        if t.kind == Kind.ARRAY:
            return f"({tname}) [" + ("]," if t.nelems == 0 else "")
        if t.kind == Kind.PTR:
            return f"({tname})0x{_uint(self.data, off, 8):x},"
        if t.kind in (Kind.ENUM, Kind.ENUM64):
            v = _int(self.data, off, 4, True)
            label = next((e.name for e in t.values if e.value == v), None)
            return f"({tname}){label if label is not None else v},"
        if t.kind != Kind.INT:
            return None  # floats, functions: DTrace shows nothing
        width = bits or t.bits
        if bits:
            raw = int.from_bytes(self.data[off : off + 8].ljust(8, b"\0"), "little")
            v = (raw >> (bit_off % 8)) & ((1 << bits) - 1)
            if not v:
                return None  # a zero bitfield is not shown
            return f"({tname}){v},"
        if width not in (8, 16, 32, 64):
            return f"({tname})?({width} bit value),"
        v = _int(self.data, off, width // 8, t.signed)
        if tname == "char" and width == 8:
            return f"({tname})'{chr(v & 0xFF)}',"
        return f"({tname}){v},"

    def _elements(self, t, off: int, depth: int) -> None:  # noqa: ANN001
        btf = self.btf
        esize = _size(btf, t.type)
        if not any(self.data[off : off + esize * t.nelems]):
            return
        et = btf.type(btf.resolve(t.type))
        is_char = et.kind == Kind.INT and et.bits == 8 and et.name in CHAR_NAMES
        # elements are printed by a walk of their own: they move no brace state,
        # and DTrace shows a struct element's opening line only, not its members
        sub = _Walk(btf, self.data, self.size, self.out, self.last_depth, dict(self.kinds))
        for i in range(t.nelems):
            if is_char and self.data[off + i] == 0:
                break
            if not sub.visit(None, t.type, (off + esize * i) * 8, depth + 1, members=False):
                return
        if t.nelems:
            self.line(depth, "],")


def type_name(btf: Btf, tid: int) -> str:
    """The type as DTrace shows it; anonymous structs and unions are bare words."""
    name = btf.c_name(tid)
    return name.replace(" (anon)", "")


def _size(btf: Btf, tid: int) -> int:
    try:
        return btf.size(tid)
    except Exception:  # noqa: BLE001 - sizeless types print nothing
        return 0


def _uint(data: bytes, off: int, n: int) -> int:
    return int.from_bytes(data[off : off + n].ljust(n, b"\0"), "little")


def _int(data: bytes, off: int, n: int, signed: bool) -> int:
    return int.from_bytes(data[off : off + n].ljust(n, b"\0"), "little", signed=signed)


def format_print(addr: int, dtype: DType, data: bytes, printsize: int) -> str:
    """print()'s whole output for the memory at ``addr`` of type ``dtype``."""
    head = f"0x{addr:x} = *\n"
    if isinstance(dtype, StructType) and dtype.btf_id:
        w = _Walk(vmlinux(), data, min(printsize, len(data)))
        w.visit(None, dtype.btf_id, 0, 0)
        w.close(0)
        return head + "".join(w.out)
    return head + "".join(_plain(dtype, data, 0, 0))


def _plain(dtype: DType, data: bytes, off: int, depth: int) -> list[str]:
    """Types without BTF: integers, pointers and arrays of them."""
    pad = " " * (START_INDENT + depth)
    if isinstance(dtype, IntType):
        v = _int(data, off, dtype.size, dtype.signed)
        if dtype.name == "char":
            return [f"{pad}({dtype.name})'{chr(v & 0xFF)}',\n"]
        return [f"{pad}({dtype.name}){v},\n"]
    if dtype.is_pointer:
        return [f"{pad}({dtype.name})0x{_uint(data, off, 8):x},\n"]
    if isinstance(dtype, ArrayType) and dtype.elem is not None:
        lines = [f"{pad}({dtype.name}) [" + ("]," if not dtype.count else "") + "\n"]
        esize = dtype.elem.size
        if not dtype.count or not any(data[off : off + esize * dtype.count]):
            return lines
        for i in range(dtype.count):
            at = off + i * esize
            if dtype.elem.name in CHAR_NAMES and data[at] == 0:
                break
            if any(data[at : at + esize]):
                lines += _plain(dtype.elem, data, at, depth + 1)
        return lines + [f"{pad}],\n"]
    return []
