"""Expressions -> BPF instructions.

``ExprGen.gen(expr)`` emits code leaving the value in a :class:`Temp`.  An
integer temp holds the value, sign- or zero-extended to 64 bits by its type;
a string temp holds a pointer the verifier can read ``strsize`` bytes from
(a map value: machine-state scratch, globals, read-only constants).
"""

from __future__ import annotations

from collections.abc import Callable

from ..bpf.consts import Helper
from ..errors import CompileError
from ..lang import ast
from ..lang.check import Checker
from ..lang.check_decl import is_aggregate
from ..types.dtypes import INT, STRING, DType, IntType, bounded_string, is_char_array
from . import kernel
from .asm import BYTES_SIZE, DW, FP, R0, R1, R2, R3, R4, R5, R9, Asm, Reg, W
from .context import (
    G_WALLOFFSET,
    MS_ARGS,
    MS_ERRNO,
    MS_TIMESTAMP,
    CompileContext,
    DynVar,
    align8,
)
from .layout import Field, ProbeInfo
from .regs import FP_KEY, RegAlloc, Temp

ARITH = {"+": "add", "-": "sub", "*": "mul", "&": "and", "|": "or", "^": "xor", "<<": "lsh"}
COMPARE_SIGNED = {"<": "jslt", "<=": "jsle", ">": "jsgt", ">=": "jsge", "==": "jeq", "!=": "jne"}
COMPARE_UNSIGNED = {"<": "jlt", "<=": "jle", ">": "jgt", ">=": "jge", "==": "jeq", "!=": "jne"}

CallArg = Temp | int | Callable[[int], None]


class Scratch:
    """Bump allocator for per-statement buffers in machine-state scratch."""

    def __init__(self, ctx: CompileContext) -> None:
        self.ctx = ctx
        self.top = 0
        #: below this, buffers that live to the end of the clause
        self.floor = 0

    def alloc(self, size: int) -> int:
        off = self.top
        self.top += (size + 7) & ~7
        self.ctx.need_scratch(self.top)
        return self.ctx.scratch_base + off

    def alloc_for_clause(self, size: int) -> int:
        """A buffer later statements of the clause do not reuse: what
        ``xlate <T *>`` points to may be kept in a clause-local variable."""
        off = self.alloc(size)
        self.floor = self.top
        return off

    def reset(self) -> None:
        self.top = self.floor


class ExprGen:
    def __init__(
        self,
        ctx: CompileContext,
        checker: Checker,
        asm: Asm,
        probe: ProbeInfo,
        epid: int,
    ) -> None:
        self.ctx = ctx
        self.checker = checker
        self.asm = asm
        self.probe = probe
        self.epid = epid
        self.regs = RegAlloc(asm)
        self.scratch = Scratch(ctx)
        #: abandons the clause without an error (set by the clause generator)
        self.drop_clause: Callable[[], None] | None = None

    # -- small emitting helpers --------------------------------------------------

    def typeof(self, e: ast.Expr) -> DType:
        return self.checker.type_of(e)

    def call(self, helper: Helper, *args: CallArg) -> None:
        """Move arguments into R1.. and call; the result is in R0."""
        for i, a in enumerate(args):
            reg = R1 + i
            if isinstance(a, Temp):
                self.regs.load_into(reg, a)
            elif isinstance(a, int):
                self.asm.mov_imm(reg, a)
            else:
                a(reg)
        self.asm.call(helper)

    def ms_addr(self, offset: int) -> Callable[[int], None]:
        def emit(reg: int) -> None:
            self.asm.mov(reg, Reg(R9))
            self.asm.add(reg, offset)

        return emit

    def map_fd(self, name: str) -> Callable[[int], None]:
        return lambda reg: self.asm.ld_map_fd(reg, name)

    def fp_addr(self, offset: int) -> Callable[[int], None]:
        def emit(reg: int) -> None:
            self.asm.mov(reg, Reg(FP))
            self.asm.add(reg, offset)

        return emit

    def result(self, dtype: DType, keep: tuple[Temp, ...] = ()) -> Temp:
        """A new temp holding R0."""
        t = self.regs.alloc(dtype, keep)
        self.asm.mov(t.reg, Reg(R0))  # type: ignore[arg-type]
        return t

    def const(self, value: int, dtype: DType = INT) -> Temp:
        t = self.regs.alloc(dtype)
        self.asm.mov_imm(t.reg, value)  # type: ignore[arg-type]
        return t

    def string_const(self, value: bytes) -> Temp:
        t = self.regs.alloc(bounded_string(len(value) + 1))
        self.asm.ld_map_value(t.reg, "rodata", self.ctx.string_constant(value))  # type: ignore[arg-type]
        return t

    def normalize(self, reg: int, dtype: DType) -> None:
        """Truncate and extend a 64-bit register to ``dtype``'s width."""
        if not isinstance(dtype, IntType) or dtype.size >= 8:
            return
        bits = 64 - dtype.size * 8
        if dtype.signed:
            self.asm.lsh(reg, bits)
            self.asm.arsh(reg, bits)
        elif dtype.size == 4:
            self.asm.mov32(reg, Reg(reg))
        else:
            self.asm.and_(reg, (1 << (dtype.size * 8)) - 1)

    # -- dispatch -----------------------------------------------------------------

    def gen(self, e: ast.Expr) -> Temp:
        method = getattr(self, "_g_" + type(e).__name__, None)
        if method is None:
            raise CompileError(
                f"{type(e).__name__} expressions are not supported yet", "D_UNKNOWN", e.line
            )
        return method(e)

    def gen_int(self, e: ast.Expr) -> Temp:
        t = self.gen(e)
        if t.dtype.is_string:
            raise CompileError("operand must be of arithmetic type", "D_OP_ARITH", e.line)
        return t

    def _g_IntLit(self, e: ast.IntLit) -> Temp:
        return self.const(e.value, self.typeof(e))

    def _g_StrLit(self, e: ast.StrLit) -> Temp:
        return self.string_const(e.value)

    def _g_Ident(self, e: ast.Ident) -> Temp:
        from .builtin_vars import builtin_var

        if e.module is None and e.name in BUILTIN_NAMES:
            return builtin_var(self, e)
        inline = self.checker.symbols.inlines.get(e.name)
        if inline is not None and e.name not in self.ctx.globals:
            t = self.gen(inline.value)
            dtype = self.typeof(e)
            if dtype.is_integer and t.dtype != dtype:
                self.normalize(self.regs.reg(t), dtype)
            t.dtype = dtype
            return t
        slot = self.ctx.globals.get(e.name)
        if slot is None:
            from ..lang.decltypes import enumerator

            found = enumerator(e.name) if e.module is None else None
            if found is not None:
                return self.const(found[0], found[1])
            raise CompileError(f"{e.name} is not supported yet", "D_UNKNOWN", e.line)
        t = self.regs.alloc(slot.dtype)
        self.asm.ld_map_value(t.reg, "globals", slot.offset)  # type: ignore[arg-type]
        if not slot.dtype.is_string and not is_aggregate(slot.dtype):
            self.asm.ldx(DW, t.reg, t.reg, 0)  # type: ignore[arg-type]
        return t

    def _g_ThisVar(self, e: ast.ThisVar) -> Temp:
        slot = self.ctx.this_vars[e.name]
        t = self.regs.alloc(slot.dtype)
        if slot.dtype.is_string or is_aggregate(slot.dtype):
            self.asm.mov(t.reg, Reg(R9))  # type: ignore[arg-type]
            self.asm.add(t.reg, slot.offset)  # type: ignore[arg-type]
        else:
            self.asm.ldx(DW, t.reg, R9, slot.offset)  # type: ignore[arg-type]
        return t

    def _g_SelfVar(self, e: ast.SelfVar) -> Temp:
        var = self.ctx.self_vars[e.name]
        return self.dyn_load(var.map_name, var.dtype, self.dyn_key(var))

    def _g_Xlate(self, e: ast.Xlate) -> Temp:
        """A whole translation: the output struct built in scratch memory, each
        member the translator defines computed and stored (the rest zero)."""
        from ..lang.decltypes import resolve_type
        from ..lang.xlate import output_struct, substitute, translator_for
        from ..types.kernel import member

        target = resolve_type(e.type, e.line)
        out = output_struct(target)
        assert out is not None  # the checker made sure
        info = translator_for(self.checker, e, out)
        base = self.scratch.alloc_for_clause(out.size)
        for off in range(0, (out.size + 7) & ~7, 8):
            self.asm.st(DW, R9, base + off, 0)
        for name, definition in info.members.items():
            m = member(out, name)
            assert m is not None
            offset, mtype, _, bits = m
            value = substitute(definition, info.in_name, e.operand)
            if mtype.is_string or is_char_array(mtype):
                # the characters, cut to the member's size; a bad address leaves it empty
                v = self.gen(value)  # type: ignore[arg-type]
                self.call(Helper.probe_read_kernel_str, self.ms_addr(base + offset),
                          mtype.size, v)
                self.regs.release(v)
                continue
            if bits or not (mtype.is_integer or mtype.is_pointer) or \
                    mtype.size not in (1, 2, 4, 8):
                raise CompileError(f"xlate of a whole {out}: member {name} of type {mtype} "
                                   "can only be translated on its own (xlate<...>(x)."
                                   f"{name})", "D_UNKNOWN", e.line)
            v = self.gen_int(value)  # type: ignore[arg-type]
            self.asm.stx(BYTES_SIZE[mtype.size], R9, base + offset, self.regs.reg(v))
            self.regs.release(v)
        t = self.regs.alloc(target)
        self.ms_addr(base)(self.regs.reg(t))
        return t

    def _g_Member(self, e: ast.Member) -> Temp:
        from ..lang.xlate import xlate_base

        if xlate_base(self.checker, e.base) is not None:
            from ..lang.xlate import translated_member

            t = self.gen(translated_member(self.checker, e))
            dtype = self.typeof(e)
            if isinstance(dtype, IntType) and not t.dtype.is_string:
                self.normalize(self.regs.reg(t), dtype)
            t.dtype = dtype
            return t
        from .memory import gen_member

        return gen_member(self, e)

    def _g_Index(self, e: ast.Index) -> Temp:
        from ..lang.uregs import is_uregs

        if is_uregs(e.base, self.checker):
            from .uregs import uregs

            return uregs(self, e)
        from ..lang.probeargs import args_index, is_args

        if is_args(e.base, self.checker):
            # the argument's slot, as argN reads it, narrowed to the argument's type
            dtype = self.typeof(e)
            t = self.regs.alloc(dtype)
            self.asm.ldx(DW, t.reg, R9, MS_ARGS + 8 * args_index(e, self.checker))  # type: ignore[arg-type]
            if dtype.is_integer:
                self.normalize(t.reg, dtype)  # type: ignore[arg-type]
            return t
        from ..lang.inlines import expand

        expanded = expand(self.checker, e)
        if expanded is not None:
            return self.gen(expanded)
        var = self.assoc_var(e.base)
        if var is None:
            from .memory import index

            return index(self, e)
        return self.dyn_load(var.map_name, var.dtype, self.dyn_key(var, e.indices))

    def dyn_key(self, var: DynVar, indices: tuple[ast.Expr, ...] = ()
                ) -> Callable[[int], None]:
        """The key of a thread-local variable or an associative array element:
        the slot word of a shared hash, the key fields (the thread first for a
        thread-local), zeros up to a padded key's size."""
        if not var.keys:  # a thread-local: just the (tagged) thread
            self.self_key(var.thread_tag)
            return self.fp_addr(FP_KEY)
        base = self.build_key(indices, var.keys, var.key_size, var.thread, var.thread_tag)
        if var.shared:
            self.asm.st(DW, R9, base, var.slot)
        last = var.keys[-1]
        for off in range(last.offset + align8(last.size), var.key_size, 8):
            self.asm.st(DW, R9, base + off, 0)
        return self.ms_addr(base)

    def self_key(self, tag: int = 0) -> None:
        """Store the thread key (pid_tgid, or'ed with ``tag``) at fp-24."""
        self.asm.call(Helper.get_current_pid_tgid)
        self.tag_thread(tag)
        self.asm.stx(DW, FP, FP_KEY, R0)

    def tag_thread(self, tag: int) -> None:
        """R0 |= tag: which variable of a shared hash a thread word keys."""
        if tag:
            self.asm.mov_imm(R1, tag)
            self.asm.or_(R0, Reg(R1))

    def dyn_load(self, map_name: str, dtype: DType, key: Callable[[int], None]) -> Temp:
        """Look a dynamic variable up: absent reads as 0, the NULL string,
        or (a struct) zeros."""
        from .nullstr import NULL_BYTES

        if is_aggregate(dtype):
            from .varmem import dyn_address

            t = self.regs.alloc(dtype)
            dyn_address(self, map_name, key, dtype.size, False, t.reg)  # type: ignore[arg-type]
            return t
        self.call(Helper.map_lookup_elem, self.map_fd(map_name), key)
        t = self.regs.alloc(dtype)
        r = t.reg
        assert r is not None
        hit, done = self.asm.new_label("hit"), self.asm.new_label("done")
        self.asm.jne(R0, 0, hit)
        if dtype.is_string:
            self.asm.ld_map_value(r, "rodata", self.ctx.string_constant(NULL_BYTES))
        else:
            self.asm.mov(r, 0)
        self.asm.ja(done)
        self.asm.label(hit)
        if dtype.is_string:
            self.asm.mov(r, Reg(R0))
        else:
            self.asm.ldx(DW, r, R0, 0)
        self.asm.label(done)
        return t

    def assoc_var(self, base: ast.Expr):  # noqa: ANN201
        """The DynVar of x[...] or self->x[...], or None for memory subscripts."""
        if isinstance(base, ast.Ident):
            return self.ctx.assocs.get(base.name)
        if isinstance(base, ast.SelfVar):
            return self.ctx.assocs.get("self->" + base.name)
        return None

    def build_key(
        self, exprs: tuple[ast.Expr, ...], fields: tuple, key_size: int, thread: bool = False,
        thread_tag: int = 0,
    ) -> int:
        """Lay a key tuple out in scratch; return its machine-state offset."""
        base = self.scratch.alloc(key_size)
        if thread:
            self.asm.call(Helper.get_current_pid_tgid)
            self.tag_thread(thread_tag)
            self.asm.stx(DW, R9, base + fields[0].offset, R0)
            fields = fields[1:]
        for e, f in zip(exprs, fields, strict=True):
            if f.kind in ("stack", "ustack"):
                self.store_stack_key(f, base + f.offset)
                continue
            if f.kind in ("usym", "ufunc", "uaddr", "umod"):
                from .actions import store_pid

                store_pid(self, lambda reg: self.asm.mov(reg, Reg(R9)), base + f.offset)
                t = self.gen_int(e)
                self.asm.stx(DW, R9, base + f.offset + 8, self.regs.reg(t))
                self.regs.release(t)
                continue
            if f.kind == "string":
                self.store_string_key(e, base + f.offset, f.size)
            elif f.kind == "bytes":  # a struct key: its bytes, zero-padded
                for i in range(0, f.size, 8):
                    self.asm.st(DW, R9, base + f.offset + i, 0)
                t = self.gen(e)
                self.call(Helper.probe_read_kernel, self.ms_addr(base + f.offset), f.size, t)
                self.regs.release(t)
            else:
                t = self.gen_int(e)
                self.asm.stx(DW, R9, base + f.offset, self.regs.reg(t))
                self.regs.release(t)
        return base

    @property
    def no_kernel_stack(self) -> bool:
        """BEGIN and END fire in dtrace itself, not in the kernel: as in DTrace,
        their kernel stack is empty (what the kernel would show is pydtrace's
        own way of firing them)."""
        return self.probe.provider == "dtrace" and self.probe.name in ("BEGIN", "END")

    def store_stack_key(self, f: Field, off: int) -> None:
        """A stack key: the program counters, zero-padded to the key's size."""
        from .stacks import emit_stack

        emit_stack(self.asm, f.kind, lambda reg: self.asm.mov(reg, Reg(R9)), off, f.size,
                   self.no_kernel_stack)

    def store_string_key(self, e: ast.Expr, off: int, size: int) -> None:
        """A string key field: zero-padded so equal strings hash equally."""
        if isinstance(e, ast.Ident) and e.name == "execname" and e.module is None:
            # the kernel pads comm with zeros to its 16 bytes itself
            for i in range(16, size, 8):
                self.asm.st(DW, R9, off + i, 0)
            self.call(Helper.get_current_comm, self.ms_addr(off), 16)
            return
        for i in range(0, size, 8):
            self.asm.st(DW, R9, off + i, 0)
        t = self.gen(e)
        self.call(Helper.probe_read_kernel_str, self.ms_addr(off), size, t)
        self.regs.release(t)

    # -- operators ---------------------------------------------------------------------

    def _g_Unary(self, e: ast.Unary) -> Temp:
        if e.op in ("++pre", "--pre", "post++", "post--"):
            from .assign import incdec

            return incdec(self, e)
        if e.op == "&" and isinstance(e.operand, ast.Ident) and e.operand.module is not None:
            from ..lang.ksyms import symbol_address

            return self.const(symbol_address(e.operand), self.typeof(e))
        if e.op in ("*", "&"):
            from . import memory

            if e.op == "*":
                return memory.deref(self, e)
            t = memory.address_of(self, e.operand)
            t.dtype = self.typeof(e)
            from .varmem import in_variable

            if in_variable(self, e.operand):
                # an address inside a map becomes a plain number, as DTrace's
                # pointers are (the verifier would refuse arithmetic on it)
                slot = self.scratch.alloc(8)
                r = self.regs.reg(t)
                self.asm.stx(DW, R9, slot, r)
                self.asm.ldx(DW, r, R9, slot)
            return t
        t = self.gen_int(e.operand)
        r = self.regs.reg(t)
        rtype = self.typeof(e)
        if e.op == "-":
            self.asm.neg(r)
        elif e.op == "~":
            self.asm.xor(r, -1)
        elif e.op == "!":
            done = self.asm.new_label("not")
            self.asm.mov(R0, 1)
            self.asm.jeq(r, 0, done)
            self.asm.mov(R0, 0)
            self.asm.label(done)
            self.asm.mov(r, Reg(R0))
        elif e.op != "+":
            raise CompileError(f"operator {e.op} is not supported yet", "D_UNKNOWN", e.line)
        t.dtype = rtype  # kept at 64 bits, as binary operators are
        return t

    def _g_Binary(self, e: ast.Binary) -> Temp:
        op = e.op
        if op in ("&&", "||", "^^"):
            return self.logical(e)
        if op == ",":
            self.regs.release(self.gen(e.left))
            return self.gen(e.right)
        lt, rt = self.typeof(e.left), self.typeof(e.right)
        if op in COMPARE_SIGNED:
            if lt.is_string or is_char_array(lt) or rt.is_string:
                return self.string_compare(e)
            return self.compare(e, lt, rt)
        rtype = self.typeof(e)
        if rtype.is_string:
            from .strindex import string_offset

            return string_offset(self, e)
        a = self.gen_int(e.left)
        b = self.gen_int(e.right)
        ra = self.regs.reg(a, b)
        rb = self.regs.reg(b, a)
        signed = isinstance(rtype, IntType) and rtype.signed
        if op in ("+", "-") and lt.is_pointer and rt.is_integer:
            scale = getattr(lt, "target", None)
            if scale is not None and scale.size > 1:
                self.asm.mul(rb, scale.size)  # C scales pointer arithmetic
        if op in ARITH:
            self.asm.alu(ARITH[op], ra, Reg(rb))
            scale = getattr(lt, "target", None) if lt.is_pointer and rt.is_pointer else None
            if op == "-" and scale is not None and scale.size > 1:
                self.asm.sdiv(ra, scale.size)  # C: the difference counts elements
        elif op == ">>":
            lsigned = isinstance(lt, IntType) and lt.signed
            (self.asm.arsh if lsigned else self.asm.rsh)(ra, Reg(rb))
        elif op in ("/", "%"):
            from .faults import check_divisor

            check_divisor(self, rb, e)
            if op == "/":
                (self.asm.sdiv if signed else self.asm.div)(ra, Reg(rb))
            else:
                (self.asm.smod if signed else self.asm.mod)(ra, Reg(rb))
        else:
            raise CompileError(f"operator {op} is not supported yet", "D_UNKNOWN", e.line)
        self.regs.release(b)
        # like DTrace, arithmetic keeps all 64 bits; values are cut to their
        # type's width where they are cast, stored or printed
        a.dtype = rtype
        return a

    def compare(self, e: ast.Binary, lt: DType, rt: DType) -> Temp:
        a = self.gen_int(e.left)
        b = self.gen_int(e.right)
        ra = self.regs.reg(a, b)
        rb = self.regs.reg(b, a)
        signed = True
        if isinstance(lt, IntType) and isinstance(rt, IntType):
            from ..types.dtypes import promote

            signed = promote(lt, rt).signed
        elif lt.is_pointer or rt.is_pointer:
            signed = False
        jop = (COMPARE_SIGNED if signed else COMPARE_UNSIGNED)[e.op]
        done = self.asm.new_label("cmp")
        self.asm.mov(R0, 1)
        self.asm.jcc(jop, ra, Reg(rb), done)
        self.asm.mov(R0, 0)
        self.asm.label(done)
        self.asm.mov(ra, Reg(R0))
        self.regs.release(b)
        a.dtype = INT
        return a

    def string_compare(self, e: ast.Binary) -> Temp:
        """strcmp(left, right) <op> 0, bounded by strsize.

        A NULL string (or the constant NULL) compares as DTrace's null
        pointer does: equal to NULL, below every other string.
        """
        from .memory import as_string
        from .nullstr import null_flag, null_string
        from .strcmp import emit_strcmp

        def operand(x: ast.Expr) -> Temp:
            t = as_string(self, self.gen(x))
            return null_string(self, t) if t.dtype.is_integer else t

        a = operand(e.left)
        b = operand(e.right)
        self.regs.load_into(R1, a)
        self.regs.load_into(R2, b)
        self.regs.release(a, b)
        # both strings end within their bounds, so the smaller bound is enough
        n = min(self.ctx.string_size(a.dtype), self.ctx.string_size(b.dtype))
        out = self.asm.new_label("so")
        asm = self.asm
        # R0 = non-NULL(a) - non-NULL(b) when either is NULL
        null_flag(self, R1, R4)
        null_flag(self, R2, R5)
        asm.mov(R0, Reg(R5))
        asm.sub(R0, Reg(R4))
        asm.mov(R3, Reg(R4))
        asm.or_(R3, Reg(R5))
        asm.jne(R3, 0, out)
        emit_strcmp(asm, n)
        asm.label(out)
        # R0 now holds <0, 0, >0; turn it into the comparison's truth value
        t = self.regs.alloc(INT)
        r = t.reg
        assert r is not None
        yes = asm.new_label("sy")
        asm.mov(r, 1)
        asm.jcc(COMPARE_SIGNED[e.op], R0, 0, yes)
        asm.mov(r, 0)
        asm.label(yes)
        return t

    def logical(self, e: ast.Binary) -> Temp:
        """Short-circuit && and ||; ^^ evaluates both sides."""
        self.regs.spill_all()
        slot = self.regs._slot()
        asm = self.asm
        done = asm.new_label("lg")
        a = self.gen_int(e.left)
        ra = self.regs.reg(a)
        asm.mov(R0, 0)
        asm.jeq(ra, 0, done_false := asm.new_label("lf"))
        asm.mov(R0, 1)
        asm.label(done_false)
        self.regs.release(a)
        asm.stx(DW, FP, slot, R0)
        if e.op == "&&":
            asm.jeq(R0, 0, done)
        elif e.op == "||":
            asm.jne(R0, 0, done)
        b = self.gen_int(e.right)
        rb = self.regs.reg(b)
        asm.mov(R1, 0)
        asm.jeq(rb, 0, f2 := asm.new_label("lf"))
        asm.mov(R1, 1)
        asm.label(f2)
        self.regs.release(b)
        if e.op == "^^":
            asm.ldx(DW, R0, FP, slot)
            asm.xor(R1, Reg(R0))
        asm.stx(DW, FP, slot, R1)
        asm.label(done)
        t = self.regs.alloc(INT)
        asm.ldx(DW, t.reg, FP, slot)  # type: ignore[arg-type]
        self.regs.free_slots.append(slot)
        return t

    def _g_Ternary(self, e: ast.Ternary) -> Temp:
        rtype = self.typeof(e)
        self.regs.spill_all()
        slot = self.regs._slot()
        asm = self.asm
        other, done = asm.new_label("te"), asm.new_label("td")
        c = self.gen_int(e.cond)
        rc = self.regs.reg(c)
        asm.jeq(rc, 0, other)
        self.regs.release(c)
        for branch, label in ((e.then, None), (e.otherwise, other)):
            if label:
                asm.label(label)
            t = self.gen(branch)
            asm.stx(DW, FP, slot, self.regs.reg(t))
            self.regs.release(t)
            if label is None:
                asm.ja(done)
        asm.label(done)
        t = self.regs.alloc(rtype)
        asm.ldx(DW, t.reg, FP, slot)  # type: ignore[arg-type]
        self.regs.free_slots.append(slot)
        self.normalize(t.reg, rtype)  # type: ignore[arg-type]
        return t

    def _g_Cast(self, e: ast.Cast) -> Temp:
        rtype = self.typeof(e)
        t = self.gen(e.operand)
        if rtype.is_string and t.dtype.is_pointer:
            from .alloca import read_string

            return read_string(self, e.operand, t)
        if rtype.is_string or t.dtype.is_string:
            if rtype.is_string != t.dtype.is_string:
                raise CompileError(
                    f"invalid cast expression: \"{t.dtype}\" to \"{rtype}\"",
                    "D_CAST_INVAL",
                    e.line,
                )
            return t
        if rtype.is_integer and not rtype.is_pointer and t.dtype.is_pointer:
            from ..lang.xlate import xlate_base

            if xlate_base(self.checker, e.operand) is not None:
                # a translated struct's address is in machine state, which the
                # verifier allows no arithmetic on but + and -: as an integer
                # (curcpu >> 8) it goes through memory, which forgets it
                slot = self.scratch.alloc(8)
                self.asm.stx(DW, R9, slot, self.regs.reg(t))
                self.asm.ldx(DW, self.regs.reg(t), R9, slot)
        t.dtype = rtype
        self.normalize(self.regs.reg(t), rtype)
        return t

    def _g_Assign(self, e: ast.Assign) -> Temp:
        from .assign import assign

        return assign(self, e)

    def _g_SizeOf(self, e: ast.SizeOf) -> Temp:
        if isinstance(e.operand, ast.StrLit):
            size = len(e.operand.value) + 1
        elif e.operand is not None:
            t = self.typeof(e.operand)
            size = self.ctx.strsize if t.is_string else t.size
        else:
            from ..lang.check import resolve_type

            t = resolve_type(e.type, e.line)  # type: ignore[arg-type]
            size = self.ctx.strsize if t.is_string else t.size
        return self.const(size, self.typeof(e))

    def _g_OffsetOf(self, e: ast.OffsetOf) -> Temp:
        from ..lang.check_decl import offset_of

        return self.const(offset_of(e), self.typeof(e))

    def _g_StringOf(self, e: ast.StringOf) -> Temp:
        t = self.gen(e.operand)
        if t.dtype.is_string:
            return t
        from .alloca import read_string

        return read_string(self, e.operand, t)

    def read_string(self, addr: Temp, size: int | None = None) -> Temp:
        """Copy the string at a kernel address into scratch; ``addr`` then points there."""
        size = size or self.ctx.strbuf
        off = self.scratch.alloc(size)
        self.call(Helper.probe_read_kernel_str, self.ms_addr(off), size, addr)
        r = self.regs.reg(addr)
        self.asm.mov(r, Reg(R9))
        self.asm.add(r, off)
        addr.dtype = STRING if size == self.ctx.strbuf else bounded_string(size)
        return addr

    def _g_Call(self, e: ast.Call) -> Temp:
        from .subr import subroutine

        return subroutine(self, e)


BUILTIN_NAMES = frozenset(
    [f"arg{i}" for i in range(10)]
    + [
        "pid", "ppid", "tid", "uid", "gid", "execname", "cpu", "timestamp", "vtimestamp",
        "walltimestamp", "probeprov", "probemod", "probefunc", "probename", "errno", "id",
        "epid", "curthread", "caller", "ucaller", "stackdepth", "ustackdepth",
    ]
)

__all__ = [
    "ExprGen", "Temp", "BUILTIN_NAMES", "MS_ARGS", "MS_ERRNO", "MS_TIMESTAMP",
    "G_WALLOFFSET", "W", "kernel",
]
