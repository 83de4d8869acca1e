"""The buffer-size options checked against what a program needs, before any
kernel object is made: DTrace refuses to start ("could not enable tracing:
Enabling exceeds size of buffer") when a buffer cannot hold even one record,
one aggregation entry or one dynamic variable."""

from __future__ import annotations

from .compiler import Compiled
from .errors import DTraceError
from .options import Options

#: a perf event header, which DTrace counts in front of every record
RECORD_HEADER = 8
#: the largest record DTrace's own ERROR clause writes: every program has one
ERROR_RECORD = 56
TOO_SMALL = "could not enable tracing: Enabling exceeds size of buffer"


def check_buffer_sizes(compiled: Compiled, options: Options) -> None:
    ctx = compiled.ctx
    bufsize = options.int("bufsize")
    if options.get("bufpolicy") == "fill":
        # a full buffer stops tracing; END's records must still fit after that
        ends = [compiled.layouts[ep.clause].size for ep in compiled.enabled.values()
                if ep.probe.provider == "dtrace" and ep.probe.name == "END"]
        if any(size > bufsize for size in ends):
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
