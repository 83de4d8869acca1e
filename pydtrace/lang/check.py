"""AST -> types of variables and expressions, with DTrace's D_* errors.

D gives an undeclared variable the type of the first value assigned to it, in
program order; the checker walks the clauses in that order and records what
it learns in :class:`Symbols`, which code generation then reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import CompileError
from ..types.dtypes import (
    C_INTEGERS,
    INT,
    INT64,
    LONG,
    STRING,
    UINT64,
    VOID,
    ArrayType,
    DType,
    IntType,
    PointerType,
    StructType,
    SymAddrType,
    bounded_string,
    is_char_array,
    promote,
    wider_string,
)
from . import ast
from .actprotos import ACTION_PROTOS, check_action
from .alloca import ALLOCA_SUBRS, AllocaTaint
from .builtins import AGG_ACTIONS, AGG_FUNCS, BUILTIN_VARS
from .check_assign import AssignChecks
from .check_decl import DeclChecks, is_aggregate, same_type
from .check_null import NullChecks, is_int_constant
from .decltypes import AssocDecl, new_scope, resolve_declared, resolve_type
from .ksyms import is_kernel_symbol, symbol_pointer
from .parser_decl import fold_int
from .probeargs import ArgsLookup, check_args, is_args
from .subrs import SUBRS, check_call
from .symtab import (
    ACTION_RETURNS,
    AggInfo,
    AssocInfo,
    Symbols,
    assoc_name,
    check_tuple,
    is_scalar,
    local_array,
    storage_type,
    stringish,
    undefined,
)
from .translators import declare_translator
from .uregs import check_uregs, is_uregs

if TYPE_CHECKING:
    from .dlibs import LibraryFile


class Checker(AssignChecks, DeclChecks, NullChecks):
    def __init__(self, program: ast.Program) -> None:
        self.program = program
        self.symbols = Symbols()
        self.taint = AllocaTaint(self.symbols.alloca, self.symbols.assocs, self.type_of)
        self.clause_line = 0
        self.types = new_scope()
        #: the clause being checked, and how to learn its probes' argument types
        self.clause: ast.Clause | None = None
        self.args_lookup: ArgsLookup | None = None
        #: args[] types found while checking their clause (code generation asks again later)
        self.args_types: dict[int, DType] = {}
        #: D library files already declared (see declare_library)
        self.library_files: set[str] = set()
        self.types.library = self._library_type

    # -- declarations and program walk ---------------------------------------

    def run(self) -> Symbols:
        for item in self.program.items:
            self.run_item(item)
        return self.symbols

    def run_item(self, item: ast.Item) -> None:
        self.clause = None
        if isinstance(item, ast.Decl):
            self.declare(item)
        elif isinstance(item, ast.Inline):
            self._inline(item)
        elif isinstance(item, ast.Translator):
            declare_translator(self, item)
        elif isinstance(item, ast.Clause):
            self.clause_line = item.line
            self.clause = item
            # DTrace cooks the actions before the predicate, so a variable
            # first assigned in the body may be tested in the predicate
            try:
                self._actions(item)
            except CompileError as err:
                if err.tag not in ("D_IDENT_UNDEF", "D_VAR_UNDEF") or item.predicate is None:
                    raise
                # DTrace then cooks the predicate first: its error wins, and
                # what it declares (/i++ < 10/) the actions may use
                self._predicate(item)
                self._actions(item)
                return
            self._predicate(item)

    def _actions(self, item: ast.Clause) -> None:
        try:
            for stmt in item.body:
                self._stmt(stmt)
        except CompileError as err:
            if err.region is None:
                err.region = "action list"
            raise

    def declare_library(self, lib: LibraryFile, strict: bool = False) -> None:
        """Declare, once, the types and translators of a D library file.  A
        translator member this kernel's types cannot give is left out (a
        script reading it is told the translator does not define it), as
        DTrace leaves out what a library depends on and the system lacks;
        ``strict`` reports it instead."""
        key = str(lib.path)
        if key in self.library_files:
            return
        self.library_files.add(key)
        clause, clause_line = self.clause, self.clause_line
        try:
            for item in lib.declarations:
                self.clause = None
                if isinstance(item, ast.Translator):
                    declare_translator(self, item, lenient=not strict)
                else:
                    self.run_item(item)
        finally:
            self.clause, self.clause_line = clause, clause_line

    def _library_type(self, name: str) -> None:
        from .dlibs import library_type_file

        lib = library_type_file(name)
        if lib is not None:
            self.declare_library(lib)

    def _inline(self, item: ast.Inline) -> None:
        previous = None
        if item.name in self.symbols.inlines and self.symbols.inlines[item.name] is not item:
            previous = "scalar inline"
        elif item.name in SUBRS:
            previous = "function "
        elif item.name in BUILTIN_VARS:
            previous = "scalar "
        if previous:
            raise CompileError(f"identifier redefined: {item.name}\n\t current: inline "
                               f"definition\n\tprevious: {previous}", "D_DECL_IDRED", item.line)
        if item.params:
            t, vt = self._inline_array(item)
        else:
            t = resolve_type(item.type, item.line)
            vt = self.type_of(item.value)
        if t.is_string != vt.is_string:
            raise CompileError(f"inline {item.name} definition uses incompatible types: "
                               f"\"{t}\" = \"{vt}\"", "D_OP_INCOMPAT", item.line)
        self.symbols.inlines[item.name] = item

    def _inline_array(self, item: ast.Inline) -> tuple[DType, DType]:
        """An inline array's value type, and the type its expression has
        with each parameter standing for a value of its declared type."""
        declared = resolve_declared(item.type, item.line, item.name)
        assert isinstance(declared, AssocDecl)  # the parser saw the signature
        globals_ = self.symbols.globals
        shadowed = {p: globals_[p] for p in item.params if p in globals_}
        globals_.update(zip(item.params, declared.keys, strict=True))
        try:
            return declared.value, self.type_of(item.value)
        finally:
            for p in item.params:
                del globals_[p]
            globals_.update(shadowed)

    def _predicate(self, item: ast.Clause) -> None:
        if item.predicate is None:
            return
        try:
            t = self.type_of(item.predicate)
            if t.is_string or t == VOID or t.size == 0 and not t.is_pointer:
                raise CompileError("predicate result must be of scalar type",
                                   "D_PRED_SCALAR", item.predicate.line)
            if is_aggregate(t):  # found once the whole clause is read
                raise CompileError("predicate result must be of scalar type",
                                   "D_PRED_SCALAR", item.end_line or item.predicate.line)
        except CompileError as err:
            if err.region is None:
                err.region = "predicate"
            if err.tag in ("D_OP_INT", "D_OP_SCALAR") and item.body_line:
                err.line = item.body_line  # DTrace tells where its lexer then was
            raise

    def _stmt(self, stmt: ast.Stmt) -> None:
        if isinstance(stmt, ast.ExprStmt):
            if isinstance(stmt.expr, ast.AggRef):
                # @a[key] declares @a (as in DTrace); a bare @a must exist
                if not stmt.expr.keys and stmt.expr.name not in self.symbols.aggs:
                    raise undefined("@", stmt.expr.name, stmt.line)
                raise CompileError(f"expression has null effect: @{stmt.expr.name}",
                                   "D_AGG_NULL", stmt.line)
            self.type_of(stmt.expr)
        elif isinstance(stmt, ast.IfStmt):
            self.type_of(stmt.cond)
            for s in stmt.then:
                self._stmt(s)
            for s in stmt.otherwise or ():
                self._stmt(s)
        elif isinstance(stmt, ast.Block):
            for s in stmt.body:
                self._stmt(s)

    # -- expressions -----------------------------------------------------------

    def type_of(self, e: ast.Expr) -> DType:
        method = getattr(self, "_t_" + type(e).__name__, None)
        if method is None:
            raise CompileError(
                f"{describe(e)} is not supported yet", "D_UNKNOWN", e.line
            )
        return method(e)

    def _t_IntLit(self, e: ast.IntLit) -> DType:
        return int_literal_type(e)

    def _t_StrLit(self, e: ast.StrLit) -> DType:
        return bounded_string(len(e.value) + 1)

    def _t_Ident(self, e: ast.Ident) -> DType:
        if e.module is None and e.name == "curthread":
            from ..types.kernel import curthread_type

            return curthread_type()
        if e.module is None and e.name in BUILTIN_VARS:
            return BUILTIN_VARS[e.name]
        if e.name in self.symbols.globals:
            return self.symbols.globals[e.name]
        inline = self.symbols.inlines.get(e.name)
        if inline is None and e.module is None:
            inline = self.library_inline(e.name)
        if inline is not None:
            return resolve_type(inline.type, e.line)
        enum_type = self.enumerator_type(e)
        if enum_type is not None:
            return enum_type
        if e.name in self.symbols.assocs:
            raise CompileError(
                f"{e.name}[ ] must be used with subscript", "D_IDENT_BADREF", e.line
            )
        if e.module is None and e.name in ("args", "uregs"):
            raise CompileError(f"associative array '{e.name}' may not be referenced as scalar",
                               "D_IDENT_BADREF", e.line)
        raise undefined("", e.name, e.line)

    def library_inline(self, name: str) -> ast.Inline | None:
        """The D library's inline ``name``, declared with its file's types."""
        from .dlibs import library_inline

        found = library_inline(name)
        if found is None:
            return None
        inline, lib = found
        self.declare_library(lib)
        self._inline(inline)
        return inline

    def _t_SelfVar(self, e: ast.SelfVar) -> DType:
        if e.name not in self.symbols.self_vars:
            raise undefined("self->", e.name, e.line)
        return self.symbols.self_vars[e.name]

    def _t_ThisVar(self, e: ast.ThisVar) -> DType:
        if e.name not in self.symbols.this_vars:
            raise undefined("this->", e.name, e.line)
        return self.symbols.this_vars[e.name]

    def _t_Index(self, e: ast.Index) -> DType:
        if isinstance(e.base, ast.AggRef):
            raise CompileError("aggregations may not be multi-dimensional", "D_AGG_MDIM",
                               e.line)
        if is_uregs(e.base, self):
            return check_uregs(e, self)
        if is_args(e.base, self):
            if id(e) not in self.args_types:
                self.args_types[id(e)] = check_args(e, self, self.clause, self.args_lookup)
            return self.args_types[id(e)]
        from .inlines import expand

        expanded = expand(self, e)
        if expanded is not None:
            return self.type_of(expanded)
        local_array(e.base, self.symbols.this_vars)
        check_tuple(e.indices)
        aname = assoc_name(e.base)
        if aname is not None and aname in self.symbols.assocs:
            info = self.symbols.assocs[aname]
            self._check_keys(e.indices, info.key_types, aname, e.line)
            return info.value
        if isinstance(e.base, ast.SelfVar) and e.base.name not in self.symbols.self_vars:
            raise undefined("self->", e.base.name, e.line)
        if isinstance(e.base, ast.Ident) and e.base.name not in BUILTIN_VARS and \
                e.base.name not in self.symbols.globals:
            raise undefined("", e.base.name, e.line)
        bt = self.type_of(e.base)
        if bt.is_string and len(e.indices) == 1:
            if not self.type_of(e.indices[0]).is_integer:
                raise CompileError("operator [ ] requires an integer index", "D_BLANK", e.line)
            return C_INTEGERS["char"]  # a string indexes as the characters it holds
        if isinstance(bt, ArrayType):
            self.check_array_index(e, bt)
        if not isinstance(bt, ArrayType | PointerType) or len(e.indices) != 1:
            raise CompileError("operator [ ] requires an array, pointer or associative array",
                               "D_BLANK", e.line)
        if not self.type_of(e.indices[0]).is_integer:
            raise CompileError("operator [ ] requires an integer index", "D_BLANK", e.line)
        return self._pointee(bt, "[ ]", e.line)

    def _pointee(self, t: DType, op: str, line: int) -> DType:
        target = t.elem if isinstance(t, ArrayType) else getattr(t, "target", None)
        if target is None or target == VOID or target.size == 0 and not isinstance(
                target, StructType) and not target.is_string:
            raise CompileError(f"cannot dereference an object of type \"{t}\" with {op}",
                               "D_DEREF_VOID", line)
        return target

    def _t_Xlate(self, e: ast.Xlate) -> DType:
        from .xlate import check_xlate

        return check_xlate(self, e)

    def _t_Member(self, e: ast.Member) -> DType:
        from ..types.kernel import member

        bt = self.type_of(e.base)  # (declares a library inline such as curpsinfo)
        from .xlate import translated_member, xlate_base

        if xlate_base(self, e.base) is not None:
            self.type_of(translated_member(self, e))  # the definition, checked here
        if e.arrow:
            if not isinstance(bt, PointerType):
                raise CompileError("operator -> must be applied to a pointer", "D_OP_PTR",
                                   e.line)
            if not isinstance(bt.target, StructType):
                raise CompileError(f"operator -> cannot be applied to pointer to type "
                                   f"\"{bt.target}\"; must be applied to a struct or union "
                                   "pointer", "D_OP_SOU", e.line)
            bt = bt.target
        elif not isinstance(bt, StructType):
            raise CompileError(f"operator . cannot be applied to type \"{bt}\"; must be "
                               "applied to a struct or union", "D_OP_SOU", e.line)
        m = member(bt, e.name)  # type: ignore[arg-type]
        if m is None:
            raise CompileError(f"{e.name} is not a member of {bt}", "D_TYPE_MEMBER", e.line)
        return m[1]

    def _check_keys(
        self, keys: tuple[ast.Expr, ...], expected: tuple[DType, ...], name: str, line: int
    ) -> None:
        types = tuple(self.type_of(k) for k in keys)
        if len(types) != len(expected):
            n = len(types)
            raise CompileError(
                f"{name}[ ] prototype mismatch: {n} key{'s' if n != 1 else ''} passed, "
                f"{len(expected)} expected",
                "D_PROTO_LEN",
                line,
            )
        for i, (got, want) in enumerate(zip(types, expected, strict=True)):
            if got.is_string != stringish(want).is_string or not same_type(want, got):
                raise CompileError(
                    f"{name}[ ] key #{i + 1} is incompatible with prototype:\n"
                    f"\tprototype: {want}\n\t      key: {got}",
                    "D_PROTO_ARG",
                    line,
                )

    def _implicit_int(self, target: ast.Expr, dtype: DType = INT) -> None:
        """++, -- and op= declare an undeclared variable, as in D: ++ and --
        make it an int64_t (DTrace's choice), op= an int."""
        sym = self.symbols
        if isinstance(target, ast.Ident) and target.module is None and \
                target.name not in BUILTIN_VARS and target.name not in sym.globals and \
                target.name not in sym.assocs:
            sym.globals[target.name] = dtype
        elif isinstance(target, ast.SelfVar):
            sym.self_vars.setdefault(target.name, dtype)
        elif isinstance(target, ast.ThisVar):
            sym.this_vars.setdefault(target.name, dtype)
        elif isinstance(target, ast.Index) and isinstance(target.base, ast.Ident | ast.SelfVar):
            name = assoc_name(target.base)
            if name and name not in sym.assocs and name not in sym.globals and \
                    name not in BUILTIN_VARS:
                keys = tuple(storage_type(self.type_of(k)) for k in target.indices)
                sym.assocs[name] = AssocInfo(name, keys, dtype)

    def _t_Unary(self, e: ast.Unary) -> DType:
        if e.op == "&" and is_kernel_symbol(e.operand):
            return symbol_pointer(e.operand)  # type: ignore[arg-type]
        if e.op in ("++pre", "--pre", "post++", "post--"):
            self._implicit_int(e.operand, INT64)
        if e.op == "&" and isinstance(e.operand, ast.AggRef):
            raise CompileError("cannot take address of dynamic variable", "D_ADDROF_VAR",
                               e.line)
        t = self.type_of(e.operand)
        if e.op == "!":
            return INT
        if e.op in ("-", "+", "~"):
            if not t.is_integer:
                raise CompileError(
                    f"operator {e.op} requires an operand of arithmetic type",
                    "D_OP_ARITH",
                    e.line,
                )
            return promote(t, INT)  # type: ignore[arg-type]
        if e.op in ("++pre", "--pre", "post++", "post--"):
            op = e.op.strip("pre").strip("post")
            if not is_scalar(t):
                raise CompileError(f"operator {op} requires operand of scalar type",
                                   "D_OP_SCALAR", e.line)
            self._require_lvalue(e.operand, op)
            return t
        if e.op == "*":
            if not isinstance(t, PointerType | ArrayType):
                raise CompileError("cannot dereference non-pointer type", "D_DEREF_NONPTR",
                                   e.line)
            if isinstance(t, PointerType) and t.target == VOID:
                raise CompileError("cannot dereference pointer to void", "D_DEREF_VOID",
                                   e.line)
            return self._pointee(t, "*", e.line)
        if e.op == "&":
            self.check_addr_of(e.operand, e.line)
            if self._is_variable(e.operand):
                raise CompileError("cannot take address of dynamic variable",
                                   "D_ADDROF_VAR", e.line)
            if not isinstance(e.operand, ast.Member | ast.Index) and not (
                    isinstance(e.operand, ast.Unary) and e.operand.op == "*"):
                raise CompileError("unacceptable operand for unary & operator",
                                   "D_ADDROF_LVAL", e.line)
            return PointerType(f"{t} *", 8, t)
        raise CompileError(f"operator {e.op} is not supported yet", "D_UNKNOWN", e.line)

    def _is_variable(self, e: ast.Expr) -> bool:
        """A D variable (not memory): a global, self->, this-> or array element."""
        if isinstance(e, ast.SelfVar | ast.ThisVar):
            return True
        if isinstance(e, ast.Ident):
            return e.module is None and e.name in self.symbols.globals
        if isinstance(e, ast.Index) and isinstance(e.base, ast.Ident | ast.SelfVar):
            name = assoc_name(e.base)
            return name is not None and name in self.symbols.assocs
        return False

    def _t_Binary(self, e: ast.Binary) -> DType:
        if isinstance(e.left, ast.AggRef) or isinstance(e.right, ast.AggRef):
            names = ["aggregation" if isinstance(x, ast.AggRef) else str(self.type_of(x))
                     for x in (e.left, e.right)]
            raise CompileError(f"operands have incompatible types: \"{names[0]}\" {e.op} "
                               f"\"{names[1]}\"", "D_OP_INCOMPAT", e.line)
        lt = self.type_of(e.left)
        rt = self.type_of(e.right)
        if e.op == ",":
            return rt
        if e.op in ("&&", "||", "^^"):
            if not is_scalar(lt) or not is_scalar(rt):
                raise CompileError(f"operator {e.op} requires operands of scalar type",
                                   "D_OP_SCALAR", e.line)
            return INT
        if e.op in ("==", "!=", "<", "<=", ">", ">="):
            lt, rt = stringish(lt), stringish(rt)
            # a string may be compared with NULL, as a pointer would be
            null_side = self.is_null(e.right) if lt.is_string else self.is_null(e.left)
            if lt.is_string != rt.is_string and not null_side:
                raise CompileError(
                    f"operands have incompatible types: \"{lt}\" {e.op} \"{rt}\"",
                    "D_OP_INCOMPAT",
                    e.line,
                )
            return INT
        if (lt.is_string or rt.is_string) and e.op in ("&", "|", "^", "<<", ">>", "%"):
            raise CompileError(f"operator {e.op} requires operands of integral type",
                               "D_OP_INT", e.line)
        if (e.op == "+" and (lt.is_string and rt.is_integer or lt.is_integer and rt.is_string)
                or e.op == "-" and lt.is_string and rt.is_integer):
            return STRING  # a string is also the address of its characters
        if lt.is_string or rt.is_string:
            raise CompileError(
                f"operator {e.op} requires operands of arithmetic type",
                "D_OP_ARITH",
                e.line,
            )
        if lt.is_pointer and rt.is_pointer and e.op in ("+", "-") and \
                self.taint.is_alloca(e.left) != self.taint.is_alloca(e.right):
            raise CompileError("adding or subtracting pointers to alloca and non-alloca space "
                               f"is meaningless: \"{lt}\" {e.op} \"{rt}\"", "D_OP_INCOMPAT",
                               e.line)
        if lt.is_pointer and e.op in ("+", "-") and rt.is_integer:
            if getattr(lt, "target", None) == VOID:
                # void has no size to scale by
                raise CompileError(f"operands have incompatible types: \"{lt}\" {e.op} "
                                   f"\"{rt}\"", "D_OP_INCOMPAT", e.line)
            return lt
        if e.op in ("/", "%") and fold_int(e.right) == 0:
            raise CompileError("expression contains division by zero", "D_DIV_ZERO", e.line)
        if lt.is_integer and rt.is_integer:
            if e.op in ("<<", ">>"):
                return promote(lt, INT)  # type: ignore[arg-type]
            return promote(lt, rt)  # type: ignore[arg-type]
        return LONG

    def _t_Ternary(self, e: ast.Ternary) -> DType:
        if not is_scalar(self.type_of(e.cond)):
            raise CompileError("operator ?: expression must be of scalar type", "D_OP_SCALAR",
                               e.line)
        a = self.type_of(e.then)
        b = self.type_of(e.otherwise)
        for branch in (e.then, e.otherwise):
            if isinstance(branch, ast.Call) and branch.name == "trace" and \
                    len(branch.args) != 1:
                n = len(branch.args)
                raise CompileError(f"trace( ) prototype mismatch: {n} arg{'s' if n != 1 else ''}"
                                   " passed, 1 expected", "D_PROTO_LEN", e.line)
        for branch in (e.then, e.otherwise):
            if isinstance(branch, ast.Call) and branch.name in ACTION_RETURNS:
                raise CompileError("action cannot be used in a conditional context",
                                   "D_OP_ACT", e.line)
        if a.is_string != b.is_string:
            raise CompileError(
                "operator ?: operands must have compatible types", "D_OP_INCOMPAT", e.line
            )
        if a.is_integer and b.is_integer:
            return promote(a, b)  # type: ignore[arg-type]
        if a.is_string:
            return wider_string(a, b)
        if a.is_integer and b.is_pointer:
            return b  # NULL (an integer 0) against a pointer: the pointer's type, as in C
        return a

    def _t_Cast(self, e: ast.Cast) -> DType:
        self.type_of(e.operand)
        return resolve_type(e.type, e.line)

    def _t_StringOf(self, e: ast.StringOf) -> DType:
        t = self.type_of(e.operand)
        if not (t.is_string or t.is_integer or t.is_pointer or is_char_array(t)):
            raise CompileError(f"cannot apply stringof to a value of type {t}",
                               "D_STRINGOF_TYPE", e.line)
        return STRING

    def _t_Call(self, e: ast.Call) -> DType:
        if e.name in AGG_ACTIONS:
            from .aggactions import check_agg_action

            return check_agg_action(self, e)
        for a in e.args:
            if isinstance(a, ast.AggRef):
                if e.name == "trace":
                    raise CompileError("trace( ) may not be applied to a dynamic expression",
                                       "D_TRACE_DYN", e.line)
                if e.name == "printf" and a is not e.args[0] and a.name in self.symbols.aggs:
                    continue  # printf's conversions refuse it, in their own words
                if e.name not in AGG_ACTIONS:
                    raise CompileError(
                        f"aggregation @{a.name} may only be used as an argument to an "
                        "aggregation action", "D_AGG_SCALAR", e.line)
                if a.keys:
                    raise CompileError(
                        f"{e.name}( ) argument must be an aggregation without keys",
                        "D_PROTO_ARG", e.line)
                if a.name not in self.symbols.aggs:
                    raise undefined("@", a.name, e.line)
        types = [self.type_of(a) for a in e.args if not isinstance(a, ast.AggRef)]
        if e.name in ALLOCA_SUBRS:
            self.symbols.alloca.used = True
            if self.clause is not None:
                self.symbols.alloca.clauses.add(id(self.clause))
        if e.name in ACTION_PROTOS:
            check_action(ACTION_PROTOS[e.name], e, types)
            return VOID
        if e.name in SUBRS:
            nulls = [self.is_null(a) for a in e.args]
            result = check_call(SUBRS[e.name], types, e.line, nulls)
            if e.name == "inet_ntoa6" and len(e.args) > 1 and not is_int_constant(e.args[1]):
                raise CompileError("inet_ntoa6( ) argument #2 must be an integer constant",
                                   "D_PROTO_ARG", e.line)
            return result
        if e.name in ("sym", "func", "mod", "usym", "ufunc", "uaddr", "umod"):
            if len(e.args) != 1 or not self.type_of(e.args[0]).is_integer:
                raise CompileError(f"{e.name}( ) prototype mismatch: {len(e.args)} args "
                                   "passed, 1 expected" if len(e.args) != 1 else
                                   f"{e.name}( ) argument #1 is incompatible with prototype:"
                                   f"\n\tprototype: uintptr_t\n\t argument: "
                                   f"{self.type_of(e.args[0])}",
                                   "D_PROTO_LEN" if len(e.args) != 1 else "D_PROTO_ARG",
                                   e.line)
            return SymAddrType("_symaddr", 8, False, e.name)
        if e.name in ACTION_RETURNS:
            return ACTION_RETURNS[e.name]
        if e.name in AGG_FUNCS:
            raise CompileError(
                f"aggregating function {e.name}( ) may not be called from a D expression "
                "(D program context required)",
                "D_CG_EXPR",
                e.line,
            )
        raise CompileError(
            f"failed to resolve {e.name}: Unknown function name", "D_FUNC_UNDEF", e.line
        )

    def _t_AggRef(self, e: ast.AggRef) -> DType:
        raise CompileError(
            f"aggregation @{e.name} may only be used in an aggregation assignment",
            "D_AGG_SCALAR",
            e.line,
        )

def int_literal_type(e: ast.IntLit) -> DType:
    """C's rules for the type of an integer constant."""
    v, sfx = e.value, e.suffix
    if sfx == "char":  # a character constant is a plain decimal integer constant
        sfx = ""
    unsigned = "u" in sfx
    longs = sfx.count("l")
    if not unsigned and longs == 0 and v < 2**31:
        return INT
    if unsigned and longs == 0 and v < 2**32:
        return C_INTEGERS["unsigned int"]
    if not unsigned and v < 2**63:
        return LONG
    return UINT64


def describe(e: ast.Expr) -> str:
    return type(e).__name__.lower()


__all__ = ["Checker", "Symbols", "AggInfo", "AssocInfo", "IntType", "resolve_type"]
