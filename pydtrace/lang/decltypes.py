"""The types a script declares: structs, unions, enums, typedefs, arrays.

DTrace keeps a script's declarations in a type container of its own that is
searched before the kernel's; :class:`ScriptTypes` is that container for one
compilation.  :func:`resolve_type` maps a written type to the type model,
defining the struct, union and enum bodies it carries on the way, with
DTrace's D_DECL_* errors.

Struct layout follows CTF, which DTrace builds its types with: each member
starts at the first byte after the previous one's last bit, rounded up to the
member's alignment, and a bit-field is an integer just wide enough for its
bits (1, 2, 4 or 8 bytes).  There is no tail padding.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import CompileError
from ..types.dtypes import (
    C_INTEGERS,
    STRING,
    VOID,
    ArrayType,
    DType,
    IntType,
    MemberInfo,
    PointerType,
    StringType,
    StructType,
)
from . import ast

INT_MAX = 2**31 - 1
INT_MIN = -(2**31)
#: DTrace refuses array dimensions that do not fit in a CTF array count
ARRAY_MAX = 2**32 - 1


@dataclass(frozen=True)
class FloatType(DType):
    """float and double: sized, never computed with in D."""


@dataclass(frozen=True)
class FunctionType(DType):
    """A function declarator's type; D declares these but never calls them."""


@dataclass(frozen=True)
class AssocDecl:
    """``int x[string, int]``: an associative array's declared signature."""

    keys: tuple[DType, ...]
    value: DType


@dataclass
class ScriptTypes:
    #: "struct foo", "union foo", "enum foo" -> the script's type
    tags: dict[str, DType] = field(default_factory=dict)
    #: enumerator name -> (value, enum type)
    enumerators: dict[str, tuple[int, DType]] = field(default_factory=dict)
    typedefs: dict[str, DType] = field(default_factory=dict)
    #: definitions already turned into types, by identity (a definition is
    #: resolved again for every declarator that shares it)
    defined: dict[int, tuple[object, DType]] = field(default_factory=dict)
    #: struct/union tags whose bodies are being read (they may name themselves)
    defining: set[str] = field(default_factory=set)
    #: bytes a string member of a struct takes (the strsize option)
    string_size: int = 256
    #: declares the D library file that defines a type name ("fileinfo_t",
    #: "struct fileinfo") the first time it is used
    library: Callable[[str], None] | None = None


_scope = ScriptTypes()


def new_scope() -> ScriptTypes:
    """Start a compilation's container: nothing declared yet."""
    global _scope
    _scope = ScriptTypes()
    return _scope


def scope() -> ScriptTypes:
    return _scope


def enumerator(name: str) -> tuple[int, DType] | None:
    return _scope.enumerators.get(name)


def declare_typedef(name: str, dtype: DType, line: int) -> None:
    if name in _scope.typedefs:
        raise CompileError(f"typedef redeclared: {name}", "D_DECL_IDRED", line)
    _scope.typedefs[name] = dtype


def check_not_defined(tag: str, line: int) -> None:
    """A struct, union or enum of the script's own is defined once (kernel
    types live apart, so a script may define its own ``struct task_struct``)."""
    dtype = _scope.tags.get(tag)
    if dtype is None:
        return
    if isinstance(dtype, StructType) and not dtype.members and tag not in _scope.defining:
        return  # a forward declaration, completed now
    raise CompileError(f"type redeclared: {tag}", "D_DECL_TYPERED", line)


def declare_tag(base: str) -> None:
    """``struct foo;``: the tag names a type that is complete later."""
    if base not in _scope.tags:
        _scope.tags[base] = StructType(base, 0)


# -- resolving written types -------------------------------------------------------


def resolve_type(t: ast.TypeName, line: int, name: str | None = None) -> DType:
    """The type model's type for a written type (``name``: its declarator, for errors)."""
    if t.struct_def is not None:
        dtype = _define_struct(t.struct_def)
    elif t.enum_def is not None:
        dtype = _define_enum(t.enum_def)
    else:
        dtype = base_type(t.base, line)
    for layer in reversed(t.derived):
        dtype = _derive(dtype, layer, line, name)
    return dtype


def resolve_declared(t: ast.TypeName, line: int, name: str) -> DType | AssocDecl:
    """A declaration's type: an ``assoc`` outermost layer declares an array signature."""
    if t.derived and t.derived[0][0] == "assoc":
        value = resolve_type(ast.TypeName(t.base, t.derived[1:], t.qualifiers, t.module,
                                          t.struct_def, t.enum_def), line, name)
        return AssocDecl(_assoc_keys(t.derived[0][1], line), value)
    return resolve_type(t, line, name)


def base_type(base: str, line: int) -> DType:
    if base == "string":
        return STRING
    if base in C_INTEGERS:
        return C_INTEGERS[base]
    if base == "void":
        return VOID
    if base in ("float", "double", "long double"):
        return FloatType(base, {"float": 4, "double": 8}.get(base, 16))
    if base.startswith(("struct ", "union ")):
        if base in _scope.tags or _declare_library(base):
            return _scope.tags[base]
        from ..types.kernel import struct_type

        kind, _, tag = base.partition(" ")
        found = struct_type(kind, tag.strip())
        return found if found is not None else StructType(base, 0)
    if base.startswith("enum "):
        return _scope.tags.get(base) or IntType(base, 4, True)
    if base in _scope.typedefs or _declare_library(base):
        return _scope.typedefs[base]
    from ..types.kernel import typedef_type

    kt = typedef_type(base)
    if kt is None:
        raise CompileError(f"failed to resolve type {base}: Unknown type name", "D_UNKNOWN",
                           line)
    return kt


def _declare_library(name: str) -> bool:
    """Whether ``name`` is the D library's, its file declared now if it was
    not yet (script types come first, then the library's, then the
    kernel's, as DTrace searches them)."""
    if _scope.library is None:
        return False
    from .dlibs import name_index

    if name not in name_index().types:
        return False
    _scope.library(name)
    return name in _scope.typedefs or name in _scope.tags


def _derive(dtype: DType, layer: tuple, line: int, name: str | None) -> DType:
    kind = layer[0]
    if kind == "ptr":
        return PointerType(f"{dtype.name} *", 8, dtype)
    if kind == "array":
        return array_of(dtype, layer[1], line, name)
    if kind == "func":
        _check_params(layer[1], line, "function")
        return FunctionType(f"{dtype.name} ()", 0)
    # an associative signature anywhere but outermost
    raise CompileError("positive integral constant expression or tuple signature expected "
                       "as array declaration subscript", "D_DECL_ARRSUB", line)


def array_of(elem: DType, dim: int | ast.Expr | None, line: int, name: str | None) -> DType:
    if dim is None:  # int a[]: only an extern may leave the dimension out
        return ArrayType(f"{elem.name} []", 0, elem, 0)
    if not isinstance(dim, int):
        dim = const_int(dim)
    if dim is None or dim <= 0:
        raise CompileError("positive integral constant expression or tuple signature "
                           "expected as array declaration subscript", "D_DECL_ARRSUB", line)
    if dim > ARRAY_MAX:
        raise CompileError("array dimension too big", "D_DECL_ARRBIG", line)
    ename = elem.name
    if isinstance(elem, ArrayType):  # int [2][3]: dimensions read left to right
        head, _, dims = ename.partition(" [")
        return ArrayType(f"{head} [{dim}][{dims}", elem.size * dim, elem, dim)
    return ArrayType(f"{ename} [{dim}]", elem.size * dim, elem, dim)


def _assoc_keys(params: tuple[ast.TypeName, ...], line: int) -> tuple[DType, ...]:
    return _check_params(params, line, "array")


def _check_params(params: tuple[ast.TypeName, ...], line: int, what: str) -> tuple[DType, ...]:
    """Parameter (or key) types, with DTrace's checks of prototypes."""
    out: list[DType] = []
    for i, p in enumerate(params, 1):
        if p.base == "...":
            if what == "array":
                raise CompileError("array prototype may not use a variable-length argument "
                                   "list", "D_DECL_PROTO_VARARGS", line)
            continue
        t = resolve_type(p, line)
        if t == VOID and not p.derived:
            if what == "array" or len(params) > 1:
                if what == "function":
                    raise CompileError("void must be sole parameter", "D_DECL_PROTO_VOID",
                                       line)
                raise CompileError(f"{what} prototype may not use parameter of type void: "
                                   f"(anonymous), parameter #{i}", "D_DECL_PROTO_TYPE", line)
            continue
        out.append(t)
    return tuple(out)


# -- constant expressions ---------------------------------------------------------------


def const_int(e: ast.Expr, inline: Callable[[str], ast.Expr | None] | None = None
              ) -> int | None:
    """The value of an integer constant expression (literals, enumerators, sizeof;
    inline constants too when ``inline`` finds their definitions)."""
    if isinstance(e, ast.IntLit):
        return e.value
    if isinstance(e, ast.Ident) and e.module is None:
        found = _scope.enumerators.get(e.name)
        if found is None and inline is not None:
            value = inline(e.name)
            return const_int(value, inline) if value is not None else None
        return found[0] if found else None
    if isinstance(e, ast.SizeOf) and e.type is not None:
        return resolve_type(e.type, e.line).size
    if isinstance(e, ast.Cast):
        return const_int(e.operand, inline)
    if isinstance(e, ast.Unary) and e.op in ("-", "+", "~", "!"):
        v = const_int(e.operand, inline)
        if v is None:
            return None
        return {"-": -v, "+": v, "~": ~v, "!": int(not v)}[e.op]
    if isinstance(e, ast.Binary):
        a, b = const_int(e.left, inline), const_int(e.right, inline)
        if a is None or b is None:
            return None
        return _fold(e.op, a, b)
    return None


def _fold(op: str, a: int, b: int) -> int | None:
    if op in ("/", "%") and b == 0:
        return None
    if op in ("<<", ">>") and not 0 <= b < 64:
        return None
    return {
        "+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b,
        "/": lambda: int(a / b), "%": lambda: a - int(a / b) * b,
        "<<": lambda: a << b, ">>": lambda: a >> b,
        "&": lambda: a & b, "|": lambda: a | b, "^": lambda: a ^ b,
        "==": lambda: int(a == b), "!=": lambda: int(a != b), "<": lambda: int(a < b),
        "<=": lambda: int(a <= b), ">": lambda: int(a > b), ">=": lambda: int(a >= b),
        "&&": lambda: int(bool(a and b)), "||": lambda: int(bool(a or b)),
    }.get(op, lambda: None)()


# -- struct, union and enum bodies -------------------------------------------------------


def alignment(t: DType) -> int:
    if isinstance(t, ArrayType) and t.elem is not None:
        return alignment(t.elem)
    if isinstance(t, StructType):
        return max((alignment(m.dtype) for m in t.members or ()), default=1)
    if t.size in (1, 2, 4, 8):
        return t.size
    return 8 if t.size > 8 else 1


def bitfield_storage(bits: int) -> int:
    """Bytes of the integer a bit-field of ``bits`` bits is (a power of two)."""
    n = (bits + 7) // 8
    return 1 << (n - 1).bit_length()


def _define_struct(sd: ast.StructDef) -> DType:
    done = _scope.defined.get(id(sd))
    if done is not None:
        return done[1]
    kind = sd.kind
    name = f"{kind} {sd.name}" if sd.name else kind
    if sd.name:
        check_not_defined(name, sd.line)
    members: list[MemberInfo] = []
    size = end_bits = 0
    _scope.defining.add(name)
    for m in sd.members:
        mt = resolve_type(m.type, m.line, m.name)
        label = m.name or "(anon)"
        if isinstance(mt, FunctionType) or mt == VOID:
            raise CompileError(f"cannot have void member: {label}", "D_DECL_VOIDOBJ", m.line)
        if not complete(mt):
            raise CompileError(f"incomplete struct/union/enum {incomplete_name(mt)}: {label}",
                               "D_DECL_INCOMPLETE", m.line)
        if mt.is_string and mt.size == 0:  # string members hold strsize bytes
            mt = StringType("string", _scope.string_size)
        bits = 0
        if m.bits is not None:
            if not isinstance(mt, IntType):
                raise CompileError(f"invalid type for bit-field: {label}", "D_DECL_BFTYPE",
                                   m.line)
            if m.bits == 0 and m.name:
                raise CompileError("positive integral constant expression expected as "
                                   "bit-field size", "D_DECL_BFCONST", m.line)
            if m.bits > mt.size * 8 or m.bits > 64:
                raise CompileError(f"bit-field too big for type: {label}", "D_DECL_BFSIZE",
                                   m.line)
            bits = m.bits
            mt = IntType(mt.name, bitfield_storage(bits), mt.signed) if bits else mt
        if m.name and any(x.name == m.name for x in members):
            raise CompileError(f"failed to define member '{m.name}': Duplicate member or "
                               "variable name", "D_UNKNOWN", m.line)
        if kind == "union":
            off = 0
        else:
            off = (end_bits + 7) // 8
            align = alignment(mt)
            off = (off + align - 1) // align * align
        end_bits = max(end_bits, off * 8 + (bits or mt.size * 8))
        size = max(size, off + mt.size)
        if bits == 0 and m.bits is not None:
            continue  # an unnamed zero-width bit-field only moves the next member on
        members.append(MemberInfo(m.name, mt, off, bits))
    _scope.defining.discard(name)
    dtype = StructType(name, size, 0, tuple(members))
    _scope.defined[id(sd)] = (sd, dtype)
    if sd.name:
        _scope.tags[name] = dtype
    return dtype


def incomplete_name(t: DType) -> str:
    """The incomplete struct, union or enum inside ``t``; a tag never declared
    is a CTF forward, which DTrace names as a struct."""
    while isinstance(t, ArrayType) and t.elem is not None:
        t = t.elem
    kind, _, tag = t.name.partition(" ")
    if kind == "union" and t.name not in _scope.defining and t.name not in _scope.tags:
        return f"struct {tag}"
    return t.name


def complete(t: DType) -> bool:
    if isinstance(t, StructType):
        return t.complete
    if isinstance(t, ArrayType) and t.elem is not None:
        return complete(t.elem)
    return True


def _define_enum(ed: ast.EnumDef) -> DType:
    done = _scope.defined.get(id(ed))
    if done is not None:
        return done[1]
    name = f"enum {ed.name}" if ed.name else "enum"
    if ed.name:
        check_not_defined(name, ed.line)
    dtype = IntType(name, 4, True)
    seen: set[str] = set()
    value = -1
    for en in ed.enumerators:
        line = en.end_line or en.line
        if en.value is not None:
            got = const_int(en.value)
            if got is None:
                raise CompileError(f"enumerator '{en.name}' must be assigned to an integral "
                                   "constant expression", "D_DECL_ENCONST", line)
            value = got
        else:
            value += 1
        if not INT_MIN <= value <= INT_MAX:
            raise CompileError(f"enumerator '{en.name}' value overflows INT_MAX "
                               f"({INT_MAX})", "D_DECL_ENOFLOW", line)
        if en.name in seen:
            raise CompileError(f"failed to define enumerator '{en.name}': Duplicate member "
                               "or variable name", "D_UNKNOWN", line)
        if en.name in _scope.enumerators:
            raise CompileError(f"identifier redeclared: {en.name}", "D_DECL_IDRED", line)
        seen.add(en.name)
        _scope.enumerators[en.name] = (value, dtype)
    _scope.defined[id(ed)] = (ed, dtype)
    if ed.name:
        _scope.tags[name] = dtype
    return dtype
