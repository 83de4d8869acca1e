"""The buffer-size options checked against what a program needs, before any
kernel object is made: DTrace refuses to start ("could not enable tracing:
Enabling exceeds size of buffer") when a buffer cannot hold even one record,
one aggregation entry or one dynamic variable."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .bpf.ringbuf import RECORD_HEADER, record_footprint
from .codegen.layout import ClauseLayout, EnabledProbe
from .errors import DTraceError
from .options import Options

if TYPE_CHECKING:
    from .compiler import Compiled

#: the largest record DTrace's own ERROR clause writes: every program has one
ERROR_RECORD = 56
TOO_SMALL = "could not enable tracing: Enabling exceeds size of buffer"


def end_reserve(enabled: Iterable[EnabledProbe], layouts: list[ClauseLayout]) -> int:
    """Bytes of the principal buffer END's records may need: under
    bufpolicy=fill DTrace sets them aside, so that END can still record in a
    buffer that other probes have filled."""
    return sum(record_footprint(layouts[ep.clause].size) for ep in enabled
               if ep.probe.provider == "dtrace" and ep.probe.name == "END"
               and layouts[ep.clause].records)


def fill_limit(options: Options, enabled: Iterable[EnabledProbe],
               layouts: list[ClauseLayout]) -> int | None:
    """Under bufpolicy=fill, the bytes every record but END's may use."""
    if options.get("bufpolicy") != "fill":
        return None
    return options.int("bufsize") - end_reserve(enabled, layouts)


def check_buffer_sizes(compiled: Compiled, options: Options) -> None:
    ctx = compiled.ctx
    bufsize = options.int("bufsize")
    if ctx.fill_limit is not None and ctx.fill_limit < 0:
        raise DTraceError("could not enable tracing: END enablings exceed size of "
                          "principal buffer")
    reclen = max([ERROR_RECORD, *(layout.size for layout in compiled.layouts)])
    if bufsize == 0 or bufsize < RECORD_HEADER + reclen:
        raise DTraceError(TOO_SMALL)
    aggsize = options.int("aggsize")
    for info in ctx.symbols.aggs.values():
        if aggsize < ctx.agg_entry_size(info.key_types, info.params.value_size):
            raise DTraceError(TOO_SMALL)
    # thread-local variables always get room for one element, as in DTrace;
    # an associative array needs its key and value to fit
    dynvarsize = options.int("dynvarsize")
    for name, var in ctx.assocs.items():
        keys = ctx.symbols.assocs[name].key_types
        if dynvarsize < ctx.dynvar_entry_size(keys, var.dtype):
            raise DTraceError(TOO_SMALL)
