"""Which values are alloca pointers (DTrace's "alloca taint").

alloca() and copyin() hand out memory from the clause's scratch area, and
their pointers are offsets into it rather than kernel addresses: offset 0
stays NULL, the first allocation is at 8.  Code generation must know, for
every pointer it dereferences, whether it holds such an offset (to be
bounds-checked against what the clause allocated, then turned into an
address) or an address.  The checker works that out here:

- alloca() and copyin() are alloca pointers; so are casts of, arithmetic on,
  and addresses of members and elements through alloca pointers;
- a variable assigned an alloca pointer holds one everywhere in the program,
  so it may never also be assigned an ordinary pointer (NULL is fine);
  DTrace refuses such a program with D_ALLOCA_INCOMPAT, and so do we.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import CompileError
from ..types.dtypes import ArrayType, DType, StructType
from . import ast
from .walk import nodes

#: subroutines whose result is alloca'd memory
ALLOCA_SUBRS = frozenset({"alloca", "copyin"})


@dataclass
class AllocaVars:
    """Variables known to hold alloca pointers, and those known not to."""

    alloca: set[str] = field(default_factory=set)
    plain: set[str] = field(default_factory=set)
    #: some clause calls alloca() or copyin(): machine state needs the scratch area
    used: bool = False
    #: ids of the clauses found calling them, also through an inline or a
    #: translator's member (which a walk of the clause does not see)
    clauses: set[int] = field(default_factory=set)


def var_key(e: ast.Expr, assocs: dict) -> str | None:  # noqa: ANN001
    """The variable an expression names, as a key: x, self->x, this->x, x[]."""
    if isinstance(e, ast.Ident) and e.module is None:
        return e.name
    if isinstance(e, ast.SelfVar):
        return "self->" + e.name
    if isinstance(e, ast.ThisVar):
        return "this->" + e.name
    if isinstance(e, ast.Index):
        base = var_key(e.base, assocs)
        if base is not None and base in assocs:
            return base + "[]"
    return None


def is_null(e: ast.Expr) -> bool:
    """0, NULL, or either cast to a pointer: a value any pointer variable may take."""
    while isinstance(e, ast.Cast):
        e = e.operand
    if isinstance(e, ast.IntLit):
        return e.value == 0
    return isinstance(e, ast.Ident) and e.name == "NULL" and e.module is None


def is_aggregate(t: DType) -> bool:
    return isinstance(t, StructType | ArrayType)


class AllocaTaint:
    """Answers "is this value an alloca pointer?" for the checker and codegen."""

    def __init__(self, vars_: AllocaVars, assocs: dict,
                 type_of: Callable[[ast.Expr], DType]) -> None:
        self.vars = vars_
        self.assocs = assocs
        self.type_of = type_of

    def is_alloca(self, e: ast.Expr) -> bool:
        if isinstance(e, ast.Call):
            return e.name in ALLOCA_SUBRS
        key = var_key(e, self.assocs)
        if key is not None:
            return key in self.vars.alloca
        if isinstance(e, ast.Cast):
            # a string is a copy, never a pointer into scratch
            return not self.type_of(e).is_string and self.is_alloca(e.operand)
        if isinstance(e, ast.Binary):
            if e.op == ",":
                return self.is_alloca(e.right)
            if e.op in ("+", "-"):
                # the difference of two alloca pointers is a plain number
                return self.is_alloca(e.left) != self.is_alloca(e.right)
            return False
        if isinstance(e, ast.Unary):
            if e.op == "&":
                return self.address_is_alloca(e.operand)
            if e.op == "*":
                # a struct or array is carried by its address
                return is_aggregate(self.type_of(e)) and self.is_alloca(e.operand)
            if e.op in ("++pre", "--pre", "post++", "post--"):
                return self.is_alloca(e.operand)
            return False
        if isinstance(e, ast.Member | ast.Index):
            return is_aggregate(self.type_of(e)) and self.address_is_alloca(e)
        if isinstance(e, ast.Ternary):
            return self.is_alloca(e.then) or self.is_alloca(e.otherwise)
        if isinstance(e, ast.Assign):
            if self.type_of(e.value).is_string:
                return False
            return self.is_alloca(e.value) or self.is_alloca(e.target)
        return False

    def address_is_alloca(self, e: ast.Expr) -> bool:
        """Whether the lvalue ``e`` lives in alloca'd memory."""
        if isinstance(e, ast.Member):
            return self.is_alloca(e.base) if e.arrow else self.address_is_alloca(e.base)
        if isinstance(e, ast.Index) and var_key(e, self.assocs) is None:
            return self.is_alloca(e.base)
        if isinstance(e, ast.Unary) and e.op == "*":
            return self.is_alloca(e.operand)
        return False

    def assigned(self, target: ast.Expr, value: ast.Expr, vt: DType, clause_line: int) -> None:
        """Record what an assignment teaches about its target variable."""
        key = var_key(target, self.assocs)
        if key is None or vt.is_string:
            return  # memory, or a string: copied by value
        if isinstance(value, ast.Ternary) and \
                self.is_alloca(value.then) != self.is_alloca(value.otherwise):
            raise CompileError("ternary conditional with alloca and non-alloca branches "
                               "cannot be assigned to a variable", "D_ALLOCA_INCOMPAT",
                               value.line)
        if self.is_alloca(value):
            if key in self.vars.plain:
                raise reuse_error(key, clause_line)
            self.vars.alloca.add(key)
        elif not is_null(value):
            if key in self.vars.alloca:
                raise reuse_error(key, clause_line)
            self.vars.plain.add(key)

    def clause_uses_alloca(self, clause: ast.Clause) -> bool:
        """Whether a clause allocates or touches alloca'd memory."""
        if id(clause) in self.vars.clauses:
            return True
        for n in nodes(clause):
            if isinstance(n, ast.Call) and n.name in ALLOCA_SUBRS:
                return True
            if isinstance(n, ast.Ident | ast.SelfVar | ast.ThisVar | ast.Index) and \
                    var_key(n, self.assocs) in self.vars.alloca:
                return True
        return False


def reuse_error(key: str, line: int) -> CompileError:
    name = key.removesuffix("[]")
    return CompileError(f"{name}: cannot reuse the same identifier for both alloca and "
                        "non-alloca allocations", "D_ALLOCA_INCOMPAT", line)
