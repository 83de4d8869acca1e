"""Text output exactly as dtrace(1) prints it: probe lines, printf, trace, drops."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, TextIO

from ..codegen.faults import FAULT_NAMES
from ..codegen.layout import ActionDesc
from . import aggfmt
from . import printf as pf
from . import traceformat as tf

if TYPE_CHECKING:
    from ..session import Fault, Record


def testing_mode() -> bool:
    """Oracle's test suite runs dtrace with _DTRACE_TESTING: no CPU/ID columns."""
    return bool(os.environ.get("_DTRACE_TESTING"))


class TextPrinter:
    def __init__(self, out: TextIO, err: TextIO, quiet: bool) -> None:
        self.out = out
        self.err = err
        self.quiet = quiet
        self.testing = testing_mode()
        self.headed = False
        self._renderers: dict[int, object] = {}
        self.sort = aggfmt.SortOptions()

    def _render(self, a: ActionDesc, values: tuple[object, ...]) -> str:
        key = id(a)
        r = self._renderers.get(key)
        if r is None:
            fmt, specs = a.format  # type: ignore[misc]
            r = pf.bind(fmt, specs)
            self._renderers[key] = r
        return r(values)  # type: ignore[operator]

    def record(self, rec: Record) -> None:
        out = []
        if not self.quiet:
            if not self.headed:
                out.append(tf.heading(testing=self.testing))
                self.headed = True
            p = rec.enabled.probe
            out.append(tf.probe_line(rec.cpu, p.id, p.function, p.name, testing=self.testing))
        for a in rec.actions:
            if a.kind == "printf":
                out.append(self._render(a.desc, a.values))
            elif a.kind == "trace":
                f = a.desc.fields[0]
                v = a.values[0]
                if f.kind == "string":
                    out.append(tf.trace_str(v, self.quiet))  # type: ignore[arg-type]
                else:
                    out.append(tf.trace_int(v, f.width, f.signed, self.quiet))  # type: ignore[arg-type]
            elif a.kind == "printa":
                out.append(self.printa(a.desc.format, a.values))  # type: ignore[arg-type]
        if not self.quiet:
            out.append(tf.END_OF_PROBE)
        self.out.write("".join(out))

    def printa(self, spec: object, aggs: tuple) -> str:  # noqa: ANN001
        fmt = spec.format  # type: ignore[attr-defined]
        if fmt is not None:
            return aggfmt.format_printa_fmt(fmt, aggs, self.sort)
        if len(aggs) == 1:
            return aggfmt.format_printa(aggs[0], self.sort)
        return aggfmt.format_printa_joined(aggs, self.sort)

    def fault(self, f: Fault) -> None:
        p = f.enabled.probe
        what = FAULT_NAMES.get(f.code, "unknown fault")
        where = f"action #{f.action}" if f.action else "predicate"
        self.flush()
        self.err.write(
            f"dtrace: error on enabled probe ID {f.enabled.epid} "
            f"(ID {p.id}: {p.fullname}): {what} in {where}\n"
        )

    def drops(self, cpu: int, count: int) -> None:
        self.flush()
        self.err.write(f"dtrace: {count} drop{'s' if count != 1 else ''} on CPU {cpu}\n")

    def flush(self) -> None:
        self.out.flush()
