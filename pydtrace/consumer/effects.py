"""What the consumer does for system(), freopen(), setopt(), tracemem(), print().

system() and freopen() arrive as formatted strings: the command runs in a
shell once everything printed before it is out; freopen() appends output to a
file from then on, and freopen("") goes back to the original output.
setopt() changes an option while tracing, with DTrace's messages for options
that do not exist, cannot take the value, or cannot change while tracing.
"""

from __future__ import annotations

import subprocess
from typing import TextIO

from ..errors import DTraceError
from ..options import Options

#: options that may change while tracing (DTrace's dynamic run-time options)
DYNAMIC_OPTIONS = frozenset({
    "aggrate", "aggsortkey", "aggsortkeypos", "aggsortpos", "aggsortrev", "flowindent",
    "quiet", "quietresize", "rawbytes", "stackindent", "switchrate", "printsize",
})
#: options that only take effect when tracing starts
START_OPTIONS = frozenset({
    "aggsize", "bpflog", "bpflogsize", "bufsize", "bufpolicy", "bufresize", "cleanrate",
    "cpu", "destructive", "dynvarsize", "grabanon", "jstackframes", "jstackstrsize",
    "lockmem", "maxframes", "nspec", "pcapsize", "scratchsize", "specsize", "stackframes",
    "statusrate", "strsize", "ustackframes", "noresolve",
})


def run_command(command: str, out: TextIO) -> None:
    """system(): run through the shell, its output where dtrace's goes."""
    out.flush()
    try:
        fd = out.fileno()
    except (OSError, ValueError):
        fd = None
    subprocess.run(command, shell=True, stdout=fd, check=False)  # noqa: S602


def set_option(options: Options, name: str, value: str | None) -> str | None:
    """setopt(): None when set, else DTrace's reason (after ``couldn't set option``)."""
    shown = value if value is not None else "1"
    if name in START_OPTIONS:
        reason = "Operation illegal when tracing is active"
    else:
        try:
            options.set(name, value)
            return None
        except DTraceError as err:
            reason = err.message.rsplit(": ", 1)[-1]
    return f'couldn\'t set option "{name}" to "{shown}": {reason}'


def tracemem_bytes(values: tuple[object, ...]) -> bytes:
    """The bytes to dump: all recorded, or fewer when a dynamic size asks so."""
    data: bytes = values[0]  # type: ignore[assignment]
    if len(values) > 1:
        n = int(values[1])  # type: ignore[call-overload]
        if 0 <= n < len(data):
            data = data[:n]
    return data
