"""Checks of declarations and of the script's own types in expressions.

:class:`DeclChecks` is the part of the checker that deals with what
:mod:`.decltypes` models: variable declarations with their storage classes,
struct/union/array values kept in variables, sizeof and offsetof, and
enumerators used as values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import CompileError
from ..types.dtypes import (
    C_INTEGERS,
    VOID,
    ArrayType,
    DType,
    IntType,
    PointerType,
    StructType,
)
from . import ast
from .decltypes import (
    AssocDecl,
    FunctionType,
    complete,
    const_int,
    declare_tag,
    declare_typedef,
    enumerator,
    incomplete_name,
    resolve_declared,
    resolve_type,
)

if TYPE_CHECKING:
    from .check import Symbols

SIZE_T = C_INTEGERS["size_t"]


def is_aggregate(t: DType) -> bool:
    """Values D keeps by their bytes: structs, unions and arrays (not strings)."""
    return isinstance(t, StructType | ArrayType)


def var_root(e: ast.Expr) -> ast.Expr | None:
    """The variable a chain of ``.`` and ``[]`` starts from, if it is one."""
    while True:
        if isinstance(e, ast.Member) and not e.arrow:
            e = e.base
        elif isinstance(e, ast.Index) and not isinstance(e.base, ast.AggRef):
            if isinstance(e.base, ast.SelfVar) or (
                    isinstance(e.base, ast.Ident) and e.base.module is None):
                return e  # x[...]: an associative array element or a global array
            e = e.base
        elif isinstance(e, ast.Ident | ast.ThisVar | ast.SelfVar):
            return e
        else:
            return None


class DeclChecks:
    symbols: Symbols

    def type_of(self, e: ast.Expr) -> DType:
        raise NotImplementedError

    # -- declarations ---------------------------------------------------------------

    def declare(self, decl: ast.Decl) -> None:
        storage = decl.storage
        if not decl.names:
            spec = decl.base
            if spec.struct_def is not None or spec.enum_def is not None:
                resolve_type(spec, decl.line)
            elif spec.base.startswith(("struct ", "union ")):
                declare_tag(spec.base)
            else:
                raise CompileError("useless declaration", "D_DECL_USELESS", decl.line)
            return
        for d in decl.names:
            dtype = resolve_declared(d.type, d.line, d.name)
            if storage == "typedef":
                if isinstance(dtype, AssocDecl):
                    raise CompileError("associative arrays may not be declared as types",
                                       "D_DECL_TYPE", d.line)
                declare_typedef(d.name, dtype, d.line)
                continue
            if isinstance(dtype, FunctionType) and storage in (None, "static", "extern"):
                continue  # a function prototype declares nothing D can use
            if storage in ("auto", "register", "static"):
                raise CompileError("specified storage class not appropriate in D",
                                   "D_DECL_BADCLASS", d.line)
            if storage == "extern":
                continue  # a kernel symbol's type: read through its backquoted name
            self._declare_variable(storage, d, dtype)

    def _declare_variable(self, storage: str | None, d: ast.Declarator,
                          dtype: DType | AssocDecl) -> None:
        from .check import AssocInfo

        sym = self.symbols
        if isinstance(dtype, AssocDecl):
            if storage == "this":
                raise CompileError("associative arrays may not be declared as local "
                                   f"variables: {d.name}", "D_DECL_LOCASSC", d.line)
            name = d.name if storage != "self" else "self->" + d.name
            sym.assocs[name] = AssocInfo(name, dtype.keys, dtype.value)
            return
        if isinstance(dtype, ArrayType) and dtype.count == 0:
            raise CompileError("array declaration requires array dimension or tuple "
                               f"signature: {d.name}", "D_DECL_ARRNULL", d.line)
        if dtype == VOID:
            raise CompileError(f"cannot have void object: {d.name}", "D_DECL_VOIDOBJ",
                               d.line)
        if not complete(dtype):
            raise CompileError(f"incomplete struct/union/enum {incomplete_name(dtype)}: "
                               f"{d.name}", "D_DECL_INCOMPLETE", d.line)
        table = {"self": sym.self_vars, "this": sym.this_vars}.get(storage or "", sym.globals)
        previous = table.get(d.name)
        if previous is not None and str(previous) != str(dtype):
            raise CompileError(f"identifier redeclared: {d.name}\n\t current: scalar {dtype}"
                               f"\n\tprevious: scalar {previous}", "D_DECL_IDRED", d.line)
        table[d.name] = dtype

    # -- expressions ------------------------------------------------------------------

    def enumerator_type(self, e: ast.Ident) -> DType | None:
        found = enumerator(e.name) if e.module is None else None
        return found[1] if found else None

    def _t_SizeOf(self, e: ast.SizeOf) -> DType:
        if isinstance(e.operand, ast.Ident) and e.operand.name in self.symbols.assocs:
            raise CompileError(f"associative array '{e.operand.name}' may not be referenced "
                               "as scalar", "D_IDENT_BADREF", e.line)
        if e.operand is None:
            t = resolve_type(e.type, e.line)  # type: ignore[arg-type]
        else:
            t = self.type_of(e.operand)
            if self.is_bitfield(e.operand):
                raise CompileError("cannot apply sizeof to a bit-field", "D_SIZEOF_BITFIELD",
                                   e.line)
        if not t.is_string and (t.size == 0 or t == VOID):
            raise CompileError("cannot apply sizeof to an operand of unknown size",
                               "D_SIZEOF_TYPE", e.line)
        return SIZE_T

    def _t_OffsetOf(self, e: ast.OffsetOf) -> DType:
        offset_of(e)
        return SIZE_T

    def is_bitfield(self, e: ast.Expr) -> bool:
        from ..types.kernel import member

        if not isinstance(e, ast.Member):
            return False
        bt = self.type_of(e.base)
        if e.arrow:
            bt = getattr(bt, "target", None)  # type: ignore[assignment]
        m = member(bt, e.name) if isinstance(bt, StructType) else None
        return m is not None and m[3] > 0

    def array_variable(self, name: str) -> DType | None:
        """The declared type of the variable an assoc-looking subscript names."""
        if name.startswith("self->"):
            return self.symbols.self_vars.get(name[6:])
        return self.symbols.globals.get(name)

    def constant(self, e: ast.Expr) -> int | None:
        """An integer constant expression's value, inline constants included."""
        def inline(name: str) -> ast.Expr | None:
            from .dlibs import library_inline

            found = self.symbols.inlines.get(name)
            if found is None:
                lib = library_inline(name)
                found = lib[0] if lib is not None else None
            if found is None or name in self.symbols.globals:
                return None
            return found.value

        return const_int(e, inline)

    def check_array_index(self, e: ast.Index, bt: DType) -> None:
        """Constant subscripts of a declared array are checked against its bounds."""
        if len(e.indices) != 1:
            name = e.base.name if isinstance(e.base, ast.Ident) else "expression"
            raise CompileError(f"cannot access scalar {name} as an associative array",
                               "D_ARR_BADREF", e.line)
        if isinstance(bt, ArrayType) and bt.count > 1:
            idx = const_int(e.indices[0])
            if idx is not None and (idx >= bt.count or idx < 0):
                raise CompileError(f"index outside array bounds: {idx % 2**64}, max is "
                                   f"{bt.count}", "D_ARR_BOUNDS", e.line)

    def pointer_var(self, e: ast.Expr) -> DType | None:
        """The declared type of a global or thread-local variable ``e`` names, if any."""
        if isinstance(e, ast.Ident):
            return self.symbols.globals.get(e.name)
        if isinstance(e, ast.SelfVar):
            return self.symbols.self_vars.get(e.name)
        return None

    def check_addr_of(self, operand: ast.Expr, line: int) -> None:
        if self.is_bitfield(operand):
            raise CompileError("cannot take address of bit-field", "D_ADDROF_BITFIELD", line)


class DeclarationPrecheck(DeclChecks):
    """Declarations checked as the parser reads them: DTrace declares while it
    parses, so a bad declaration is reported before an error further down."""

    def __init__(self) -> None:
        from .check import Symbols
        from .decltypes import new_scope

        self.symbols = Symbols()
        new_scope().library = self._library_type
        self.library_files: set[str] = set()

    def __call__(self, item: ast.Item) -> None:
        if isinstance(item, ast.Decl):
            self.declare(item)

    def _library_type(self, name: str) -> None:
        """The types (not the translators) of the D library file declaring ``name``."""
        from .dlibs import library_type_file

        lib = library_type_file(name)
        if lib is not None and str(lib.path) not in self.library_files:
            self.library_files.add(str(lib.path))
            for item in lib.declarations:
                if isinstance(item, ast.Decl):
                    self.declare(item)


def offset_of(e: ast.OffsetOf) -> int:
    t = resolve_type(e.type, e.line)
    if not isinstance(t, StructType):
        raise CompileError("offsetof operand must be a struct or union type",
                           "D_OFFSETOF_TYPE", e.line)
    from ..types.kernel import member

    m = member(t, e.member)
    if m is None:
        raise CompileError(f"failed to determine offset of {e.member}: Member name not found",
                           "D_UNKNOWN", e.line)
    if m[3]:
        raise CompileError(f"cannot take offset of a bit-field: {e.member}",
                           "D_OFFSETOF_BITFIELD", e.line)
    return m[0]


def same_type(a: DType, b: DType) -> bool:
    """Whether values of these types may be assigned to each other as D sees it."""
    if is_aggregate(a) or is_aggregate(b):
        return a.name == b.name and a.size == b.size
    return True


__all__ = ["DeclChecks", "is_aggregate", "offset_of", "same_type", "var_root",
           "IntType", "PointerType"]
