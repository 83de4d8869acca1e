"""Options: -x name[=value], #pragma D option, their defaults and validation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import DTraceError

SIZE_RE = re.compile(r"^(\d+)([kmgt]?)$", re.I)
TIME_RE = re.compile(r"^(\d+)(ns|nsec|us|usec|ms|msec|s|sec|m|min|h|hour|d|day|hz)?$")
SIZE_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
TIME_UNITS_NS = {
    "ns": 1, "nsec": 1, "us": 1_000, "usec": 1_000, "ms": 10**6, "msec": 10**6,
    "s": 10**9, "sec": 10**9, "m": 60 * 10**9, "min": 60 * 10**9,
    "h": 3600 * 10**9, "hour": 3600 * 10**9, "d": 86400 * 10**9, "day": 86400 * 10**9,
}

# option name -> kind: size, time, bool, int, string
OPTIONS: dict[str, str] = {
    "aggrate": "time", "aggsize": "size", "bufresize": "string", "bufsize": "size",
    "bufpolicy": "string", "cleanrate": "time", "cpu": "int", "defaultargs": "bool",
    "destructive": "bool", "dynvarsize": "size", "errtags": "bool", "flowindent": "bool",
    "grabanon": "bool", "jstackframes": "int", "jstackstrsize": "size", "nspec": "int",
    "quiet": "bool", "rawbytes": "bool", "specsize": "size", "stackframes": "int",
    "stackindent": "int", "statusrate": "time", "strsize": "size", "switchrate": "time",
    "ustackframes": "int", "zdefs": "bool", "aggsortkey": "bool", "aggsortkeypos": "int",
    "aggsortpos": "int", "aggsortrev": "bool", "aggpercpu": "bool", "aggzoom": "bool",
    "oformat": "string", "verbose": "bool", "disasm": "bool", "linkmode": "string",
    "stdc": "string", "incdir": "string", "define": "string", "undef": "string",
    "cpp": "bool", "cpppath": "string", "debug": "bool", "droptags": "bool",
    "evaltime": "string", "iregs": "int", "knodefs": "bool", "late": "string",
    "ldpath": "string", "lazyload": "bool", "modpath": "string", "nolibs": "bool",
    "pgmax": "int", "procfs": "bool", "pspec": "bool", "amin": "string", "core": "bool",
    "encoding": "string", "libdir": "string", "maxframes": "int", "noresolve": "bool",
    "quietresize": "bool", "scratchsize": "size", "strip": "bool", "syslibdir": "string",
    "tree": "int", "tregs": "int", "udefs": "bool", "unodefs": "bool", "version": "string",
    "zone": "string", "ctypes": "string", "dtypes": "string", "temporal": "bool",
    "lockmem": "size", "bpflog": "bool", "bpflogsize": "size", "printsize": "size",
}

DEFAULTS: dict[str, object] = {
    "strsize": 256,
    "bufsize": 4 << 20,
    "aggsize": 4 << 20,
    "dynvarsize": 1 << 20,
    "switchrate": 10**9 // 10,
    "aggrate": 10**9,
    "statusrate": 10**9,
    "cleanrate": 10**9 // 101,
    "stackframes": 20,
    "ustackframes": 100,
    "nspec": 1,
    "specsize": 32 << 10,
    "bufpolicy": "switch",
}


def parse_size(name: str, value: str) -> int:
    m = SIZE_RE.match(value.strip())
    if not m:
        raise DTraceError(f"failed to set -x {name}: Invalid value for specified option")
    return int(m.group(1)) * SIZE_UNITS[m.group(2).lower()]


def parse_time(name: str, value: str) -> int:
    """A rate or interval in nanoseconds; a bare number means nanoseconds... or Hz."""
    m = TIME_RE.match(value.strip())
    if not m:
        raise DTraceError(f"failed to set -x {name}: Invalid value for specified option")
    n, unit = int(m.group(1)), m.group(2) or "hz"
    if unit == "hz":
        if n == 0:
            raise DTraceError(f"failed to set -x {name}: Invalid value for specified option")
        return 10**9 // n
    return n * TIME_UNITS_NS[unit]


@dataclass
class Options:
    values: dict[str, object] = field(default_factory=lambda: dict(DEFAULTS))

    def set(self, name: str, value: str | None = None) -> None:
        kind = OPTIONS.get(name)
        if kind is None:
            raise DTraceError(f"failed to set -x {name}: Invalid option name")
        if kind == "bool":
            if value not in (None, "", "1", "yes", "true", "on", "0", "no", "false", "off"):
                raise DTraceError(
                    f"failed to set -x {name}: Invalid value for specified option"
                )
            self.values[name] = value not in ("0", "no", "false", "off")
            return
        if value is None:
            raise DTraceError(f"failed to set -x {name}: Option requires a value")
        if kind == "size":
            self.values[name] = parse_size(name, value)
        elif kind == "time":
            self.values[name] = parse_time(name, value)
        elif kind == "int":
            try:
                self.values[name] = int(value, 0)
            except ValueError:
                raise DTraceError(
                    f"failed to set -x {name}: Invalid value for specified option"
                ) from None
        else:
            self.values[name] = value

    def get(self, name: str, default: object = None) -> object:
        return self.values.get(name, default)

    def flag(self, name: str) -> bool:
        return bool(self.values.get(name, False))

    def int(self, name: str) -> int:
        v = self.values.get(name)
        return int(v) if v is not None else 0  # type: ignore[call-overload]
