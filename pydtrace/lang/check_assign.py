"""Type checking of assignments: to variables (which declares them), to
associative arrays and aggregations, and to memory, with DTrace's errors."""

from __future__ import annotations

from ..errors import CompileError
from ..types.dtypes import VOID, ArrayType, DType, PointerType, is_char_array, wider_string
from . import ast
from .aggfuncs import INCREMENT_ARG, mismatch, parameters
from .builtins import AGG_FUNCS, BUILTIN_VARS
from .check_decl import is_aggregate, same_type, var_root
from .check_null import is_zero
from .subrs import SUBRS
from .symtab import (
    ACTION_RETURNS,
    AggInfo,
    AssocInfo,
    assoc_name,
    check_tuple,
    local_array,
    storage_type,
    widen_keys,
)


class AssignChecks:
    """Mixed into :class:`pydtrace.lang.check.Checker`."""

    def _t_Assign(self, e: ast.Assign) -> DType:
        target = e.target
        if isinstance(target, ast.Index) and isinstance(target.base, ast.AggRef):
            raise CompileError("aggregations may not be multi-dimensional", "D_AGG_MDIM",
                               e.line)
        if isinstance(target, ast.AggRef):
            return self._agg_assign(e, target)
        if e.op != "=":
            self._read_before_write(target)
        vt = self.type_of(e.value)
        if e.op != "=":
            self._implicit_int(target)
            lt = self.type_of(target)
            if lt.is_string != vt.is_string:
                raise CompileError(f"operands have incompatible types: \"{lt}\" {e.op} "
                                   f"\"{vt}\"", "D_OP_INCOMPAT", e.line)
            if lt.is_string or vt.is_string:
                raise CompileError(
                    f"operator {e.op} requires operands of arithmetic type",
                    "D_OP_ARITH",
                    e.line,
                )
            self._require_lvalue(target, e.op)
            if e.op in ("+=", "-=") and not (lt.is_integer and vt.is_integer):
                # pointer arithmetic in place: the left side must be a pointer
                # to something of known size (C's rule, K&R A7.17)
                target_t = getattr(lt, "target", None)
                if not lt.is_pointer or target_t is None or target_t == VOID:
                    raise CompileError(f"operator {e.op} requires left-hand scalar operand "
                                       "of known size", "D_OP_VFPTR", e.line)
            return lt
        if vt == VOID:
            raise CompileError(
                "operator = requires an operand that is not void", "D_OP_VOID", e.line
            )
        sym = self.symbols
        self.taint.assigned(target, e.value, vt, self.clause_line)
        if isinstance(target, ast.Ident):
            if target.name in BUILTIN_VARS:
                raise CompileError(
                    f"operator {e.op} can only be applied to a writable variable",
                    "D_OP_WRITE",
                    e.line,
                )
            return self._bind(sym.globals, target.name, vt, e.line, e.value)
        if isinstance(target, ast.SelfVar):
            return self._bind(sym.self_vars, target.name, vt, e.line, e.value)
        if isinstance(target, ast.ThisVar):
            return self._bind(sym.this_vars, target.name, vt, e.line, e.value)
        if isinstance(target, ast.Index):
            local_array(target.base, sym.this_vars)
        aname = assoc_name(target.base) if isinstance(target, ast.Index) else None
        if aname is not None and aname not in sym.assocs and isinstance(
                self._var_type(aname), PointerType | ArrayType):
            aname = None  # p[i] = v: a store to memory or to an element of a declared array
        if aname is not None:
            name = aname
            check_tuple(target.indices)  # type: ignore[union-attr]
            keys = tuple(self.type_of(k) for k in target.indices)  # type: ignore[union-attr]
            if name not in sym.assocs:
                if name in sym.globals or name in BUILTIN_VARS or \
                        name[6:] in sym.self_vars and name.startswith("self->"):
                    raise CompileError(
                        f"{name} is not an associative array", "D_IDENT_BADREF", e.line
                    )
                sym.assocs[name] = AssocInfo(name, keys, storage_type(vt))
            else:
                info = sym.assocs[name]
                self._check_keys(target.indices, info.key_types, name, e.line)  # type: ignore[union-attr]
                info.key_types = widen_keys(info.key_types, keys)
                if is_aggregate(info.value) and not same_type(info.value, vt) and \
                        not is_zero(e.value):
                    raise CompileError(f"operands have incompatible types: \"{info.value}\" "
                                       f"= \"{vt}\"", "D_OP_INCOMPAT", e.line)
                if info.value.is_string and vt.is_string:
                    info.value = wider_string(info.value, vt)
            # now that the array is known, its first store can teach alloca-ness
            self.taint.assigned(target, e.value, vt, self.clause_line)
            return sym.assocs[name].value
        self._require_lvalue(target, "=")
        lt = self.type_of(target)
        if (is_aggregate(lt) or is_aggregate(vt)) and not same_type(lt, vt) and not (
                is_char_array(lt) and vt.is_string):
            raise CompileError(f"operands have incompatible types: \"{lt}\" = \"{vt}\"",
                               "D_OP_INCOMPAT", e.line)
        return lt

    def _var_type(self, name: str) -> DType | None:
        """The type of a global (x) or thread-local (self->x) variable, if declared."""
        if name.startswith("self->"):
            return self.symbols.self_vars.get(name[6:])
        return self.symbols.globals.get(name)

    def _bind(self, table: dict[str, DType], name: str, vt: DType, line: int,
              value: ast.Expr | None = None) -> DType:
        if isinstance(table.get(name), ArrayType):
            raise CompileError(f"operator = may not be applied to operand of type "
                               f"\"{table[name]}\"", "D_OP_ARRFUN", line)
        if name not in table:
            table[name] = storage_type(vt)
        elif table[name].is_string and self.is_null(value):
            pass  # "x = NULL" (or 0) makes a string variable NULL, as in DTrace
        elif table[name].is_pointer and vt.is_string:
            pass  # a char pointer may point at a string's characters
        elif table[name].is_string and vt.is_string:
            table[name] = wider_string(table[name], vt)
        elif is_aggregate(table[name]) and table is self.symbols.self_vars and \
                is_zero(value):
            pass  # storing 0 deletes a thread-local variable, whatever its type
        elif is_aggregate(table[name]) and not same_type(table[name], vt):
            raise CompileError(
                f"operands have incompatible types: \"{table[name]}\" = \"{vt}\"",
                "D_OP_INCOMPAT",
                line,
            )
        elif table[name].is_string != vt.is_string:
            raise CompileError(
                f"operands have incompatible types: \"{table[name]}\" = \"{vt}\"",
                "D_OP_INCOMPAT",
                line,
            )
        return table[name]

    def _agg_assign(self, e: ast.Assign, target: ast.AggRef) -> DType:
        if isinstance(e.value, ast.Call) and e.value.name not in AGG_FUNCS and \
                e.value.name not in ACTION_RETURNS and e.value.name not in SUBRS:
            raise CompileError(f"failed to resolve {e.value.name}: Unknown function name",
                               "D_FUNC_UNDEF", e.line)
        if e.op != "=" or not isinstance(e.value, ast.Call) or e.value.name not in AGG_FUNCS:
            raise CompileError(
                f"@{target.name} must be assigned the result of an aggregating function",
                "D_AGG_FUNC",
                e.line,
            )
        call = e.value
        lo, hi = AGG_FUNCS[call.name]
        if not lo <= len(call.args) <= hi:
            raise CompileError(
                f"{call.name}( ) prototype mismatch: too "
                f"{'few' if len(call.args) < lo else 'many'} arguments",
                "D_PROTO_LEN",
                e.line,
            )
        incr_at = INCREMENT_ARG.get(call.name)
        for i, a in enumerate(call.args):
            t = self.type_of(a)
            if not t.is_integer and not t.is_pointer:
                if i == incr_at:
                    raise CompileError(f"{call.name}( ) increment value (argument #{i + 1}) "
                                       "must be of scalar type", "D_PROTO_ARG", e.line)
                raise CompileError(
                    f"{call.name}( ) argument #{i + 1} must be of scalar type",
                    "D_AGG_SCALAR",
                    e.line,
                )
        params = parameters(call)
        for n, k in enumerate(target.keys, 1):
            if isinstance(k, ast.AggRef):
                raise CompileError("aggregation expression may not be used as aggregation "
                                   f"index: key #{n}", "D_KEY_TYPE", e.line)
        keys = tuple(self._key_type(k) for k in target.keys)
        for n, k in enumerate(keys, 1):
            if k == VOID or (k.size == 0 and not k.is_string):
                raise CompileError(f"aggregation key #{n} is of void type", "D_KEY_TYPE",
                                   e.line)
        prev = self.symbols.aggs.get(target.name)
        if prev is None:
            self.symbols.aggs[target.name] = AggInfo(target.name, call.name, keys, e.line,
                                                     params)
        else:
            if prev.func != call.name:
                raise CompileError(
                    f"@{target.name}: aggregating function {call.name}( ) does not match "
                    f"previous declaration of @{target.name} as {prev.func}( )",
                    "D_AGG_REDEF",
                    e.line,
                )
            if len(prev.key_types) != len(keys) or any(
                a.is_string != b.is_string for a, b in zip(prev.key_types, keys, strict=False)
            ):
                raise CompileError(
                    f"@{target.name}[ ] key signature does not match previous use",
                    "D_AGG_REDEF",
                    e.line,
                )
            err = mismatch(prev.params, params, e.line)
            if err is not None:
                raise err
            prev.key_types = widen_keys(prev.key_types, keys)
        return VOID

    def _key_type(self, k: ast.Expr) -> DType:
        """An aggregation key's type; stack() and ustack() may be keys."""
        if isinstance(k, ast.Call) and k.name in ("stack", "ustack"):
            self.type_of(k)  # the argument checks of the action
            frames = 20 if k.name == "stack" else 100
            if k.args and isinstance(k.args[0], ast.IntLit):
                frames = k.args[0].value
            return DType(k.name, frames * 8 + (8 if k.name == "ustack" else 0))
        return storage_type(self.type_of(k))

    def _require_lvalue(self, e: ast.Expr, op: str) -> None:
        if isinstance(e, ast.Member) and var_root(e) is not None:
            return  # a member of a struct kept in a variable
        # stores to memory (*p, p->m) are checked where code is generated, once
        # every variable's alloca-ness is known: only alloca'd memory is writable
        memory = isinstance(e, ast.Member) or isinstance(e, ast.Unary) and e.op == "*"
        if memory:
            self.type_of(e)  # D_OP_PTR, D_OP_SOU, D_DEREF_*: the target must make sense
        if not memory and not isinstance(e, (ast.Ident, ast.SelfVar, ast.ThisVar, ast.Index)):
            raise CompileError(
                f"operator {op} requires modifiable lvalue as an operand", "D_OP_LVAL", e.line
            )
        if isinstance(e, ast.Ident) and e.name in BUILTIN_VARS:
            raise CompileError(
                f"operator {op} can only be applied to a writable variable", "D_OP_WRITE",
                e.line
            )
