"""The D abstract syntax tree: plain frozen dataclasses, produced by the parser.

Every node carries the source line it started on (``line``), so later stages
can report errors the way DTrace does ("... line N: ...").
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --------------------------------------------------------------------------
# Types as written in the source (resolved to real types by the checker)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class TypeName:
    """A type as written: base specifiers plus declarator suffixes.

    ``base`` is the specifier text normalised to single spaces, e.g. ``"int"``,
    ``"unsigned long long"``, ``"string"``, ``"struct task_struct"``,
    ``"uint64_t"``; a typedef name stays as its name. ``module`` is set for
    scoped names (``vmlinux`struct task_struct``). ``qualifiers`` holds
    const/volatile/restrict of the base. ``derived`` lists declarator layers
    from the identifier outwards: ``("ptr",)``, ``("array", 4)``,
    ``("array", None)``, ``("func", (param TypeNames...))``; also
    ``("ptr", ("const",))`` for a qualified pointer, ``("array", Expr)`` when
    the size is not a plain integer (an inline or enumerator name), and
    ``("assoc", (key TypeNames...))`` for ``int a[int, string]``.  A
    ``...`` parameter is ``TypeName("...")``.
    ``struct_def``/``enum_def`` hold an inline definition when the specifier
    defines one (``struct foo { int a; } x;``).
    """

    base: str
    derived: tuple = ()
    qualifiers: tuple[str, ...] = ()
    module: str | None = None
    struct_def: StructDef | None = None
    enum_def: EnumDef | None = None


# --------------------------------------------------------------------------
# Expressions
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Expr:
    line: int


@dataclass(frozen=True)
class IntLit(Expr):
    value: int
    #: C suffix as written, lower-cased ("", "u", "l", "ul", "ll", "ull"); for
    #: character constants "char".
    suffix: str = ""
    #: written in decimal: C gives decimal constants signed types only, while
    #: octal/hex ones may be unsigned (0xffffffff is unsigned int, 4294967295
    #: is long).  Character constants count as decimal.
    decimal: bool = True


@dataclass(frozen=True)
class FloatLit(Expr):
    text: str


@dataclass(frozen=True)
class StrLit(Expr):
    """A string literal; adjacent literals are already concatenated."""

    value: bytes


@dataclass(frozen=True)
class Ident(Expr):
    """A bare identifier: builtin variable, global, enumerator, inline, ..."""

    name: str
    #: set for backquoted kernel symbols: ``vmlinux`max_pfn`` or `` `max_pfn``
    #: (then module is "").
    module: str | None = None


@dataclass(frozen=True)
class SelfVar(Expr):
    """``self->name``: a thread-local variable."""

    name: str


@dataclass(frozen=True)
class ThisVar(Expr):
    """``this->name``: a clause-local variable."""

    name: str


@dataclass(frozen=True)
class AggRef(Expr):
    """``@name[keys]``; the anonymous aggregation ``@`` has name ""."""

    name: str
    keys: tuple[Expr, ...] = ()


@dataclass(frozen=True)
class Index(Expr):
    """``base[i, j, ...]``: associative array, array or pointer subscript."""

    base: Expr
    indices: tuple[Expr, ...]


@dataclass(frozen=True)
class Call(Expr):
    """``name(args)``: subroutine or action call."""

    name: str
    args: tuple[Expr, ...] = ()


@dataclass(frozen=True)
class Unary(Expr):
    """Unary operators.

    ``op`` is one of ``- + ! ~ * &`` or ``++pre --pre post++ post--``.
    """

    op: str
    operand: Expr


@dataclass(frozen=True)
class Binary(Expr):
    """Binary operators: ``* / % + - << >> < <= > >= == != & ^ | && ^^ || ,``."""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Assign(Expr):
    """``target op value`` with op one of ``= += -= *= /= %= &= ^= |= <<= >>=``."""

    op: str
    target: Expr
    value: Expr


@dataclass(frozen=True)
class Ternary(Expr):
    cond: Expr
    then: Expr
    otherwise: Expr


@dataclass(frozen=True)
class Cast(Expr):
    type: TypeName
    operand: Expr


@dataclass(frozen=True)
class SizeOf(Expr):
    """``sizeof(type)`` (type set) or ``sizeof expr`` (operand set)."""

    type: TypeName | None = None
    operand: Expr | None = None


@dataclass(frozen=True)
class OffsetOf(Expr):
    type: TypeName
    member: str


@dataclass(frozen=True)
class StringOf(Expr):
    operand: Expr


@dataclass(frozen=True)
class Xlate(Expr):
    """``xlate <type> (expr)``."""

    type: TypeName
    operand: Expr


@dataclass(frozen=True)
class Member(Expr):
    """``base.name`` (arrow False) or ``base->name`` (arrow True)."""

    base: Expr
    name: str
    arrow: bool


# --------------------------------------------------------------------------
# Statements (inside clause bodies)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Stmt:
    line: int


@dataclass(frozen=True)
class ExprStmt(Stmt):
    expr: Expr


@dataclass(frozen=True)
class IfStmt(Stmt):
    cond: Expr
    then: tuple[Stmt, ...]
    otherwise: tuple[Stmt, ...] | None = None


@dataclass(frozen=True)
class Block(Stmt):
    body: tuple[Stmt, ...]


@dataclass(frozen=True)
class EmptyStmt(Stmt):
    pass


# --------------------------------------------------------------------------
# Program-level items
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProbeSpec:
    """One probe description as written: ``provider:module:function:name``.

    Missing leading fields are "" (``BEGIN`` -> name="BEGIN", the rest "");
    each field may contain glob characters ``* ? [...]``.
    """

    provider: str
    module: str
    function: str
    name: str
    line: int
    #: set (and the names empty) for a probe given by number: ``123 { }``
    id: int | None = None

    def __str__(self) -> str:
        return f"{self.provider}:{self.module}:{self.function}:{self.name}"


@dataclass(frozen=True)
class Clause:
    probes: tuple[ProbeSpec, ...]
    predicate: Expr | None
    body: tuple[Stmt, ...]
    line: int
    #: line of the body's '{': DTrace checks the predicate once it has read it
    body_line: int = field(default=0, compare=False)
    #: line of the closing '}', where DTrace checks the predicate's type
    end_line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Declarator:
    """One declared name with its full type (base + this declarator)."""

    name: str
    type: TypeName
    line: int


@dataclass(frozen=True)
class Decl:
    """A declaration: ``[storage] type name[, name...];``.

    storage is None or one of ``self this static extern register typedef``.
    ``names`` may be empty (``struct foo { ... };``).
    """

    storage: str | None
    base: TypeName
    names: tuple[Declarator, ...]
    line: int


@dataclass(frozen=True)
class StructMember:
    name: str
    type: TypeName
    bits: int | None  # bitfield width
    line: int


@dataclass(frozen=True)
class StructDef:
    kind: str  # "struct" or "union"
    name: str | None
    members: tuple[StructMember, ...]
    line: int


@dataclass(frozen=True)
class Enumerator:
    name: str
    value: Expr | None
    line: int
    #: line of the token after the enumerator, where DTrace reports its errors
    end_line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class EnumDef:
    name: str | None
    enumerators: tuple[Enumerator, ...]
    line: int


@dataclass(frozen=True)
class Inline:
    """``inline type name = expr;``, or an inline array
    ``inline type name[type p, ...] = expr;`` whose value uses p, ..."""

    type: TypeName
    name: str
    value: Expr
    line: int
    params: tuple[str, ...] = ()


@dataclass(frozen=True)
class TranslatorMember:
    name: str
    value: Expr
    line: int


@dataclass(frozen=True)
class Translator:
    """``translator out_type < in_type in_name > { member = expr; ... };``"""

    out_type: TypeName
    in_type: TypeName
    in_name: str
    members: tuple[TranslatorMember, ...]
    line: int


@dataclass(frozen=True)
class ProviderProbe:
    name: str
    params: tuple[TypeName, ...]
    xlate_params: tuple[TypeName, ...] | None
    line: int


@dataclass(frozen=True)
class ProviderDef:
    """``provider name { probe p(args) [: (xargs)]; ... };`` (for USDT)."""

    name: str
    probes: tuple[ProviderProbe, ...]
    line: int


@dataclass(frozen=True)
class Pragma:
    """``#pragma D <kind> words...``; kind e.g. "option", "depends_on"."""

    kind: str
    words: tuple[str, ...]
    line: int


Item = Clause | Decl | Inline | Translator | ProviderDef | Pragma


@dataclass(frozen=True)
class Program:
    items: tuple[Item, ...] = field(default_factory=tuple)

    @property
    def clauses(self) -> list[Clause]:
        return [i for i in self.items if isinstance(i, Clause)]
