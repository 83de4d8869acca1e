"""One clause, for one probe: predicate, statements, actions, its record.

A clause that records anything reserves one ring-buffer record right after
its predicate passes and submits it at the end; when the buffer is full the
clause is skipped and a per-CPU drop is counted, as DTrace skips an ECB whose
buffer reservation fails.  Under bufpolicy=fill a record that does not fit in
what is left of bufsize marks the buffer filled instead, and ends the run.  Actions inside ``if`` set a bit in the record's
executed-actions mask so the consumer prints only what ran.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..bpf.consts import Helper
from ..bpf.ringbuf import record_footprint
from ..errors import CompileError
from ..lang import ast
from ..lang.actprotos import DESTRUCTIVE
from ..lang.builtins import AGG_ACTIONS, KERNEL_ACTIONS, RECORDING_ACTIONS
from ..lang.check import Checker
from ..lang.walk import nodes
from .asm import DW, FP, R0, R1, R9, Asm, Reg, W
from .context import (
    ACTIVITY_DRAINING,
    ACTIVITY_FILLED,
    G_ACTIVITY,
    G_FILL_USED,
    MS_DROPS,
    MS_FAULT_EPID,
    MS_FAULT_PRID,
    CompileContext,
)
from .expr import ExprGen
from .faults import MS_FAULT, MS_FAULT_ADDR, MS_FAULT_PC
from .layout import RECORD_HEADER, ActionDesc, ClauseLayout, Field, ProbeInfo
from .regs import FP_RECORD
from .specs import check_order

ERROR_EPID = 0xFFFFFFFF
ERROR_RECORD_SIZE = 32  # marker, cpu, epid, pad, code, action, addr


@dataclass
class _Slot:
    """Where one action's data goes in the record (planned before codegen)."""

    call: ast.Call
    bit: int | None
    fields: list[Field]
    desc: ActionDesc | None = None


def plan_layout(ctx: CompileContext, checker: Checker, clause: ast.Clause,
                quiet: bool = False) -> ClauseLayout:
    """The record layout of a clause: the same for every probe it enables."""
    calls: list[tuple[ast.Call, bool]] = []

    def walk(stmts: tuple[ast.Stmt, ...], conditional: bool) -> None:
        for s in stmts:
            if isinstance(s, ast.ExprStmt) and isinstance(s.expr, ast.Call):
                if s.expr.name in RECORDING_ACTIONS | AGG_ACTIONS:
                    calls.append((s.expr, conditional))
            elif isinstance(s, ast.IfStmt):
                walk(s.then, True)
                walk(s.otherwise or (), True)
            elif isinstance(s, ast.Block):
                walk(s.body, conditional)

    walk(clause.body, False)
    check_order(action_order(clause))
    has_mask = any(cond for _, cond in calls)
    off = RECORD_HEADER + (8 if has_mask else 0)
    actions: list[ActionDesc] = []
    bit = 0
    for call, cond in calls:
        fields, fmt, off = action_fields(ctx, checker, call, off)
        actions.append(ActionDesc(call.name, fields, fmt, bit if cond else None))
        if cond:
            bit += 1
            if bit > 64:
                raise CompileError("too many conditional actions in one clause", "D_UNKNOWN",
                                   call.line)
    # a clause of only assignments prints nothing; an empty one, or one whose
    # actions record nothing (raise(), chill(), stop()), prints its probe line
    # unless quiet, when its record would carry nothing to print
    records = bool(calls) or not quiet and (not clause.body or any(
        isinstance(n, ast.Call) and n.name in KERNEL_ACTIONS for n in nodes(clause.body)))
    return ClauseLayout(off, tuple(actions), has_mask, records)


def action_order(clause: ast.Clause) -> list[tuple[str, int]]:
    """The clause's actions in statement order, as speculation rules see them."""
    out: list[tuple[str, int]] = []

    def walk(stmts: tuple[ast.Stmt, ...]) -> None:
        for s in stmts:
            if isinstance(s, ast.ExprStmt):
                e = s.expr
                if isinstance(e, ast.Call) and e.name in ("speculate", "commit", "discard",
                                                               "exit"):
                    out.append((e.name, s.line))
                elif isinstance(e, ast.Call) and e.name in DESTRUCTIVE:
                    out.append(("destructive", s.line))
                elif isinstance(e, ast.Call) and e.name in RECORDING_ACTIONS | {"printa"}:
                    out.append(("data", s.line))
                elif isinstance(e, ast.Assign) and isinstance(e.target, ast.AggRef):
                    out.append(("agg", s.line))
            elif isinstance(s, ast.IfStmt):
                walk(s.then)
                walk(s.otherwise or ())
            elif isinstance(s, ast.Block):
                walk(s.body)

    walk(clause.body)
    return out


def action_fields(
    ctx: CompileContext, checker: Checker, call: ast.Call, off: int
) -> tuple[tuple[Field, ...], object, int]:
    from .actions import action_arguments

    args, fmt = action_arguments(ctx, checker, call)
    fields = []
    for t in args:
        f = ctx.field_for(t, off)
        fields.append(f)
        off += (f.size + 7) & ~7
    return tuple(fields), fmt, off


class ClauseGen:
    def __init__(
        self,
        ctx: CompileContext,
        checker: Checker,
        asm: Asm,
        probe: ProbeInfo,
        clause: ast.Clause,
        layout: ClauseLayout,
        epid: int,
        quiet: bool,
        error_label: str | None = None,
        out_label: str | None = None,
        stmt: int = 0,
    ) -> None:
        self.out_label = out_label
        self.probe = probe
        self.stmt = stmt
        #: where a fault goes after its error record: the ERROR probe's clauses
        self.error_label = error_label
        self.ctx = ctx
        self.asm = asm
        self.clause = clause
        self.layout = layout
        self.epid = epid
        self.quiet = quiet
        self.g = ExprGen(ctx, checker, asm, probe, epid)
        self.g.fault_if_zero = self.fault_if_zero  # type: ignore[method-assign]
        self.g.fault_if_negative = self.fault_if_negative  # type: ignore[attr-defined]
        self.g.fault_unless = self.fault_unless  # type: ignore[attr-defined]
        self.g.drop_clause = self.drop_clause
        self.end_label = ""
        self.drop_label = ""
        self.drop_used = False
        self.actions = iter(layout.actions)
        self.action_no = 0
        self.fault_used: dict[str, bool] = {}

    # -- faults -------------------------------------------------------------------

    def fault_if_zero(self, reg: int, code: int) -> None:
        self.fault_unless("jne", reg, 0, code)

    def fault_if_negative(self, reg: int, code: int, addr_reg: int | None = None) -> None:
        """Fault when a helper returned an error (bad address: the address is told)."""
        self.fault_unless("jsge", reg, 0, code, None if addr_reg is None else Reg(addr_reg))

    def fault_unless(self, jop: str, reg: int, rhs: int | Reg, code: int,
                     value: Reg | int | None = None) -> None:
        """Fault unless ``reg <jop> rhs``, telling ``value`` (a register or a constant)."""
        asm = self.asm
        ok = asm.new_label("ok")
        asm.jcc(jop, reg, rhs, ok)
        asm.st(W, R9, MS_FAULT_PRID, self.g.probe.id)
        asm.st(W, R9, MS_FAULT_EPID, self.epid)
        asm.st(W, R9, MS_FAULT_PC, len(asm.insns))  # the test that failed, as "BPF pc"
        asm.st(W, R9, MS_FAULT, code)
        asm.st(W, R9, MS_FAULT + 4, self.stmt)
        if isinstance(value, Reg):
            asm.stx(DW, R9, MS_FAULT_ADDR, value.n)
        else:
            asm.st(DW, R9, MS_FAULT_ADDR, value or 0)
        asm.ja(self.fault_label)
        self.fault_used[self.fault_label] = True
        asm.label(ok)

    def drop_clause(self) -> None:
        """Abandon the clause without an error (a dynamic variable drop, as in DTrace)."""
        if self.fault_label == self.body_fault:
            self.asm.ja(self.drop_label)
            self.drop_used = True
        else:
            self.asm.ja(self.end_label)  # in the predicate: nothing reserved yet

    # -- the clause -----------------------------------------------------------------

    def emit(self) -> None:
        asm, g = self.asm, self.g
        end = asm.new_label("cend")
        pred_fault, body_fault = asm.new_label("pfault"), asm.new_label("bfault")
        self.body_fault, self.end_label = body_fault, end
        self.drop_label = asm.new_label("dropped")
        self.fault_label = pred_fault
        if self.ctx.alloca_size:
            from .alloca import start_clause

            start_clause(g, self.clause)
        if self.clause.predicate is not None:
            t = g.gen(self.clause.predicate)
            asm.jeq(g.regs.reg(t), 0, end)
            g.regs.release(t)
            g.scratch.reset()
        self.fault_label = body_fault
        if self.layout.records:
            self.reserve(end)
        self.statements(self.clause.body)
        if self.layout.records:
            asm.ldx(DW, R1, FP, FP_RECORD)
            asm.mov(R0 + 2, 0)
            asm.call(Helper.ringbuf_submit)
        if self.fault_used or self.drop_used:
            asm.ja(end)
        if self.drop_used:
            asm.label(self.drop_label)
            if self.layout.records:
                asm.ldx(DW, R1, FP, FP_RECORD)
                asm.mov(R0 + 2, 0)
                asm.call(Helper.ringbuf_discard)
            asm.ja(end)
        if self.fault_used.get(body_fault):
            asm.label(body_fault)
            if self.layout.records:
                asm.ldx(DW, R1, FP, FP_RECORD)
                asm.mov(R0 + 2, 0)
                asm.call(Helper.ringbuf_discard)
            self.error_record()
            self.fire_error()
            asm.ja(end)
        if self.fault_used.get(pred_fault):
            asm.label(pred_fault)
            self.error_record()
            self.fire_error()
        asm.label(end)

    def fire_error(self) -> None:
        """Run the ERROR probe's clauses (a subprogram) and carry on, as DTrace does."""
        if self.error_label:
            self.asm.mov(R1, Reg(R9))
            self.asm.call_local(self.error_label)
            if self.out_label:
                # ERROR may have called exit(): then nothing more records
                self.asm.ld_map_value(R1, "globals", G_ACTIVITY)
                self.asm.ldx(DW, R1, R1, 0)
                self.asm.jeq(R1, ACTIVITY_DRAINING, self.out_label)

    def reserve(self, skip: str) -> None:
        asm = self.asm
        ok = asm.new_label("rsv")
        filling = self.ctx.fill_limit is not None and not self.is_end
        if filling:
            self.fill_budget(skip)
        asm.ld_map_fd(R1, "events")
        asm.mov(R0 + 2, self.layout.size)
        asm.mov(R0 + 3, 0)
        asm.call(Helper.ringbuf_reserve)
        asm.jne(R0, 0, ok)
        if filling:
            # the ring itself is full (it holds at least bufsize): full all the same
            self.mark_filled()
        else:
            asm.ldx(DW, R1, R9, MS_DROPS)
            asm.add(R1, 1)
            asm.stx(DW, R9, MS_DROPS, R1)
        asm.ja(skip)
        asm.label(ok)
        asm.stx(DW, FP, FP_RECORD, R0)
        asm.st(W, R0, 0, self.epid)
        if self.layout.has_mask:
            asm.st(DW, R0, 8, 0)
        if self.quiet:
            asm.st(W, R0, 4, 0)
        else:
            asm.call(Helper.get_smp_processor_id)
            asm.ldx(DW, R1, FP, FP_RECORD)
            asm.stx(W, R1, 4, R0)

    @property
    def is_end(self) -> bool:
        return self.probe.provider == "dtrace" and self.probe.name == "END"

    def fill_budget(self, skip: str) -> None:
        """bufpolicy=fill: count this record against the principal buffer, and
        once it would not fit mark the buffer filled and record nothing more.

        The count only grows, so after the first record that did not fit no
        later one is taken even if it would fit, as in DTrace; END's records
        are not counted (their room was set aside when the limit was made).
        """
        asm = self.asm
        fits = asm.new_label("fits")
        limit = max(self.ctx.fill_limit or 0, 0)  # below 0 is refused before loading
        cost = record_footprint(self.layout.size)
        asm.ld_map_value(R1, "globals", G_FILL_USED)
        asm.mov(R0 + 2, cost)
        asm.fetch_add(DW, R1, 0, R0 + 2)
        asm.add(R0 + 2, cost)
        if limit < 1 << 31:
            asm.jcc("jle", R0 + 2, limit, fits)
        else:
            asm.ld_imm64(R0 + 3, limit)
            asm.jcc("jle", R0 + 2, Reg(R0 + 3), fits)
        self.mark_filled()
        asm.ja(skip)
        asm.label(fits)

    def mark_filled(self) -> None:
        """Stop every probe from recording: the consumer sees it and ends the run."""
        self.asm.ld_map_value(R1, "globals", G_ACTIVITY)
        self.asm.st(DW, R1, 0, ACTIVITY_FILLED)

    def error_record(self) -> None:
        """Tell the consumer which clause faulted, how, and where."""
        asm = self.asm
        done = asm.new_label("erx")
        asm.ld_map_fd(R1, "events")
        asm.mov(R0 + 2, ERROR_RECORD_SIZE)
        asm.mov(R0 + 3, 0)
        asm.call(Helper.ringbuf_reserve)
        asm.jeq(R0, 0, done)
        asm.stx(DW, FP, FP_RECORD, R0)
        asm.mov(R1, -1)  # ERROR_EPID in the low 32 bits
        asm.stx(W, R0, 0, R1)
        asm.call(Helper.get_smp_processor_id)
        asm.ldx(DW, R1, FP, FP_RECORD)
        asm.stx(W, R1, 4, R0)
        asm.ldx(DW, R0, R9, MS_FAULT_EPID)
        asm.stx(DW, R1, 8, R0)  # enabled probe and pc
        asm.ldx(DW, R0, R9, MS_FAULT)
        asm.stx(DW, R1, 16, R0)  # code and statement number
        asm.ldx(DW, R0, R9, MS_FAULT_ADDR)
        asm.stx(DW, R1, 24, R0)
        asm.mov(R0 + 2, 0)
        asm.call(Helper.ringbuf_submit)
        asm.label(done)

    # -- statements --------------------------------------------------------------------

    def statements(self, stmts: tuple[ast.Stmt, ...]) -> None:
        for s in stmts:
            self.statement(s)

    def statement(self, s: ast.Stmt) -> None:
        g, asm = self.g, self.asm
        if isinstance(s, ast.ExprStmt):
            self.action_no += 1  # every statement is an action, as DTrace numbers them
            e = s.expr
            if isinstance(e, ast.Call) and e.name in RECORDING_ACTIONS | AGG_ACTIONS:
                self.action(e)
            elif isinstance(e, ast.Call) and e.name in KERNEL_ACTIONS:
                from .destructive import emit_kernel_action

                emit_kernel_action(self, e)
            elif isinstance(e, ast.Assign) and isinstance(e.target, ast.AggRef):
                from .aggs import aggregate

                aggregate(g, e.target, e.value)  # type: ignore[arg-type]
            else:
                g.regs.release(g.gen(e))
        elif isinstance(s, ast.IfStmt):
            other, done = asm.new_label("else"), asm.new_label("fi")
            t = g.gen(s.cond)
            asm.jeq(g.regs.reg(t), 0, other)
            g.regs.release(t)
            g.scratch.reset()
            self.statements(s.then)
            asm.ja(done)
            asm.label(other)
            self.statements(s.otherwise or ())
            asm.label(done)
        elif isinstance(s, ast.Block):
            self.statements(s.body)
        g.scratch.reset()

    def action(self, call: ast.Call) -> None:
        from .actions import emit_action

        desc = next(self.actions)
        emit_action(self, call, desc)
        if desc.bit is not None:
            asm = self.asm
            asm.ldx(DW, R1, FP, FP_RECORD)
            asm.ldx(DW, R0, R1, 8)
            if desc.bit < 31:
                asm.or_(R0, 1 << desc.bit)
            else:
                asm.ld_imm64(R0 + 2, 1 << desc.bit)
                asm.or_(R0, Reg(R0 + 2))
            asm.stx(DW, R1, 8, R0)

    def set_draining(self) -> None:
        self.asm.ld_map_value(R1, "globals", G_ACTIVITY)
        self.asm.st(DW, R1, 0, 1)
