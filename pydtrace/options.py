"""Options: -x name[=value], #pragma D option, their defaults and validation.

Every option DTrace defines is known here, each with DTrace's parser for its
value, so a value is accepted or refused (with DTrace's message) exactly as
dtrace(1) would.  A few options only make sense on the command line: setting
them from a D program fails with "Option cannot be used from within a D
program", as in DTrace.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import DTraceError
from .lang.versions import parse_version

BADOPTVAL = "Invalid value for specified option"
BADOPTNAME = "Invalid option name"
BADOPTCTX = "Option cannot be used from within a D program"
NOREG = "Insufficient registers to generate code"
VERSINVAL = "Version is not properly formatted or is too large"
VERSUNDEF = "Requested version is not supported by compiler"
OVERFLOW = "Value too large for defined data type"

SIZE_SUFFIX = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
RATE_SUFFIX_NS = {
    "ns": 1, "nsec": 1, "us": 1_000, "usec": 1_000, "ms": 10**6, "msec": 10**6,
    "s": 10**9, "sec": 10**9, "m": 60 * 10**9, "min": 60 * 10**9,
    "h": 3600 * 10**9, "hour": 3600 * 10**9, "d": 86400 * 10**9, "day": 86400 * 10**9,
    "hz": 0,
}
#: dt_opt_runtime's words for on and off
ON_WORDS = ("yes", "enable", "enabled", "true", "on", "set")
OFF_WORDS = ("no", "disable", "disabled", "false", "off", "unset")
#: the D versions DTrace's compiler knows
D_VERSIONS = frozenset({
    (1, 0, 0), (1, 1, 0), (1, 2, 0), (1, 2, 1), (1, 2, 2), (1, 3, 0), (1, 4, 0), (1, 4, 1),
    (1, 5, 0), (1, 6, 0), (1, 6, 1), (1, 6, 2), (1, 6, 3), (1, 6, 4), (2, 0, 0), (2, 0, 1),
})
DIF_INT_REGS = 8
STRSIZE_MIN = 2  # DTrace's NULL-string marker is two bytes
UINT64_MAX = (1 << 64) - 1

#: what an option's value parser returns to say "unset" (DTRACEOPT_UNSET)
UNSET = None


class OptionError(Exception):
    """An option refused: the message is DTrace's error text."""


# -- DTrace's value parsers ------------------------------------------------------


def c_strtoull(text: str) -> tuple[int, str, bool]:
    """strtoull(text, &end, 0): (value, rest, negative), C's base rules."""
    s = text.lstrip(" \t\n\v\f\r")
    neg = s.startswith("-")
    if s[:1] in "+-" and s:
        s = s[1:]
    if s[:2].lower() == "0x" and len(s) > 2 and s[2] in "0123456789abcdefABCDEF":
        base, digits = 16, "0123456789abcdef"
        s = s[2:]
    elif s.startswith("0"):
        base, digits = 8, "01234567"
    else:
        base, digits = 10, "0123456789"
    n = 0
    i = 0
    while i < len(s) and s[i].lower() in digits:
        n = n * base + digits.index(s[i].lower())
        i += 1
    if i == 0 and base != 8:
        return 0, text, False  # no digits: end stays at the start
    return n, s[i:], neg and n != 0


def parse_size_value(arg: str) -> int:
    """dt_optval_parse: an integer with an optional k/m/g/t suffix."""
    if not arg:
        raise OptionError(BADOPTVAL)
    mul = SIZE_SUFFIX.get(arg[-1].lower(), 1)
    n, rest, neg = c_strtoull(arg)
    if neg or n > UINT64_MAX or (mul > 1 and rest != arg[-1]) or (mul == 1 and rest):
        raise OptionError(BADOPTVAL)
    value = n * mul
    if value >= 1 << 63:  # a negative dtrace_optval_t
        raise OptionError(BADOPTVAL)
    return value


def opt_size(arg: str | None) -> int:
    return 0 if arg is None else parse_size_value(arg)


def opt_rate(arg: str | None) -> int:
    """dt_opt_rate: nanoseconds; a bare number or a "hz" suffix is a frequency... of ns."""
    if arg is None:
        return 0
    n, rest, neg = c_strtoull(arg)
    unit = rest.lower()
    if (unit and unit not in RATE_SUFFIX_NS) or neg:
        raise OptionError(BADOPTVAL)
    mul = RATE_SUFFIX_NS.get(unit, 1)
    if mul == 0:
        return 10**9 // n if n else 0
    return n * mul


def opt_runtime(arg: str | None) -> int | None:
    """dt_opt_runtime: no value sets the option (0), words turn it on or off."""
    if arg is None:
        return 0
    if arg == "":
        return UNSET
    low = arg.lower()
    if low in ON_WORDS:
        return 1
    if low in OFF_WORDS:
        return UNSET
    n, rest, neg = c_strtoull(arg)
    if rest or neg or n >= 1 << 63:
        raise OptionError(BADOPTVAL)
    return n


def opt_flag(arg: str | None) -> bool:
    """A compiler flag (dt_opt_cflags): takes no value."""
    if arg is not None:
        raise OptionError(BADOPTVAL)
    return True


def opt_strsize(arg: str | None) -> int:
    n = opt_size(arg)
    if n < STRSIZE_MIN:
        raise OptionError(BADOPTVAL)
    if n > 0xFFFFFFFF:
        raise OptionError(OVERFLOW)
    return n


def one_of(*choices: str, fold: bool = False) -> Callable[[str | None], str]:
    def parse(arg: str | None) -> str:
        if arg is None or (arg.lower() if fold else arg) not in choices:
            raise OptionError(BADOPTVAL)
        return arg.lower() if fold else arg

    return parse


def needs_value(arg: str | None) -> str:
    if arg is None:
        raise OptionError(BADOPTVAL)
    return arg


def no_value(arg: str | None) -> bool:
    if arg is not None:
        raise OptionError(BADOPTVAL)
    return True


def c_atoi(arg: str) -> int:
    """atoi(3): leading blanks, a sign, decimal digits; anything else ends it."""
    s = arg.lstrip(" \t\n\v\f\r")
    sign = -1 if s.startswith("-") else 1
    if s[:1] in "+-":
        s = s[1:]
    digits = ""
    for ch in s:
        if ch not in "0123456789":
            break
        digits += ch
    return sign * int(digits) if digits else 0


def atoi_at_least(low: int) -> Callable[[str | None], int]:
    def parse(arg: str | None) -> int:
        if arg is None or c_atoi(arg) < low:
            raise OptionError(BADOPTVAL)
        return c_atoi(arg)

    return parse


def opt_iregs(arg: str | None) -> int:
    n = c_atoi(arg) if arg is not None else 0
    if arg is None or n <= 0 or n > DIF_INT_REGS:
        raise OptionError(BADOPTVAL)
    if n < DIF_INT_REGS:
        raise OptionError(NOREG)
    return n


def opt_version(arg: str | None) -> str:
    if arg is None:
        raise OptionError(BADOPTVAL)
    parts = arg.split(".")
    if not 2 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        raise OptionError(VERSINVAL)
    nums = parse_version(arg)
    if nums[0] > 0xFF or nums[1] > 0xFFF or nums[2] > 0xFFF:
        raise OptionError(VERSINVAL)
    if nums not in D_VERSIONS:
        raise OptionError(VERSUNDEF)
    return arg


STABILITY_WORDS = ("internal", "private", "obsolete", "external", "unstable", "evolving",
                   "stable", "standard")
CLASS_WORDS = ("unknown", "cpu", "platform", "group", "isa", "common")


def opt_amin(arg: str | None) -> str:
    """An attribute: name[/data[/class]] stabilities and a dependency class."""
    if arg is None:
        raise OptionError(BADOPTVAL)
    parts = arg.lower().split("/")
    if len(parts) > 3 or not all(p in STABILITY_WORDS or p in CLASS_WORDS for p in parts):
        raise OptionError(BADOPTVAL)
    return arg


def opt_open_for_write(arg: str | None) -> str:
    """ctypes/dtypes: the file is created now, as DTrace does."""
    if arg is None:
        raise OptionError(BADOPTVAL)
    try:
        fd = os.open(arg, os.O_CREAT | os.O_WRONLY, 0o666)
    except OSError as exc:
        raise OptionError(exc.strerror or BADOPTVAL) from None
    os.close(fd)
    return arg


def opt_lockmem(arg: str | None) -> object:
    if arg is None:
        raise OptionError(BADOPTVAL)
    if arg == "unlimited":
        return arg
    try:
        return parse_size_value(arg)
    except OptionError:
        return 0  # DTrace ignores a bad size here


def opt_bounded_size(default: int, limit: int) -> Callable[[str | None], int]:
    """printsize/pcapsize: out-of-range sizes fall back to the default, rounded to 8."""
    def parse(arg: str | None) -> int:
        n = default
        if arg is not None:
            n = parse_size_value(arg)
            if n <= 0 or n > limit:
                n = default
        return (n + 7) & ~7

    return parse


def opt_scratchsize(arg: str | None) -> int:
    n = opt_size(arg)
    return (n + 8 + 7) & ~7 if n > 0 else n


@dataclass(frozen=True)
class OptionSpec:
    parse: Callable[[str | None], object]
    #: refused in #pragma D option ("Option cannot be used from within a D program")
    command_line_only: bool = False
    #: a compiler flag that clears another (kdefs clears knodefs)
    clears: str | None = None


_CMDLINE = {"command_line_only": True}

OPTIONS: dict[str, OptionSpec] = {
    # compile-time options
    "aggpercpu": OptionSpec(opt_flag),
    "amin": OptionSpec(opt_amin),
    "argref": OptionSpec(opt_flag),
    "core": OptionSpec(no_value),
    "cpp": OptionSpec(opt_flag),
    "cppargs": OptionSpec(needs_value, **_CMDLINE),
    "cpphdrs": OptionSpec(no_value, **_CMDLINE),
    "cpppath": OptionSpec(needs_value, **_CMDLINE),
    "ctypes": OptionSpec(opt_open_for_write),
    "ctfpath": OptionSpec(needs_value, **_CMDLINE),
    "defaultargs": OptionSpec(opt_flag),
    "debug": OptionSpec(no_value),
    "debugassert": OptionSpec(one_of("mutexes")),
    "define": OptionSpec(needs_value, **_CMDLINE),
    "disasm": OptionSpec(atoi_at_least(0)),
    "dofstashpath": OptionSpec(needs_value),
    "droptags": OptionSpec(lambda arg: True),
    "dtypes": OptionSpec(opt_open_for_write),
    "empty": OptionSpec(opt_flag),
    "errtags": OptionSpec(opt_flag),
    "evaltime": OptionSpec(one_of("exec", "preinit", "postinit", "main")),
    "incdir": OptionSpec(needs_value, **_CMDLINE),
    "iregs": OptionSpec(opt_iregs),
    "kdefs": OptionSpec(opt_flag, clears="knodefs"),
    "knodefs": OptionSpec(opt_flag),
    "late": OptionSpec(one_of("dynamic", "static")),
    "lazyload": OptionSpec(lambda arg: True),
    "ldpath": OptionSpec(needs_value, **_CMDLINE),
    "libdir": OptionSpec(needs_value),
    "linkmode": OptionSpec(one_of("kernel", "dynamic", "static")),
    "linktype": OptionSpec(one_of("elf", "dof", fold=True)),
    "linknommap": OptionSpec(lambda arg: True),
    "modpath": OptionSpec(needs_value, **_CMDLINE),
    "nolibs": OptionSpec(opt_flag),
    "pgmax": OptionSpec(atoi_at_least(0)),
    "preallocate": OptionSpec(lambda arg: parse_size_value(needs_value(arg))),
    "procfspath": OptionSpec(needs_value, **_CMDLINE),
    "pspec": OptionSpec(opt_flag),
    "stdc": OptionSpec(one_of("a", "c", "t", "s"), **_CMDLINE),
    "strip": OptionSpec(no_value),
    "syslibdir": OptionSpec(needs_value),
    "sysslice": OptionSpec(needs_value),
    "tree": OptionSpec(atoi_at_least(1)),
    "tregs": OptionSpec(atoi_at_least(1)),
    "udefs": OptionSpec(opt_flag, clears="unodefs"),
    "undef": OptionSpec(needs_value, **_CMDLINE),
    "unodefs": OptionSpec(opt_flag),
    "useruid": OptionSpec(atoi_at_least(0)),
    "verbose": OptionSpec(opt_flag),
    "version": OptionSpec(opt_version),
    "zdefs": OptionSpec(opt_flag),
    # run-time options
    "aggsize": OptionSpec(opt_size),
    "bpflog": OptionSpec(opt_runtime),
    "bpflogsize": OptionSpec(opt_size),
    "bufsize": OptionSpec(opt_size),
    # switch prints records as they come; ring and fill at the end (consumer/held.py)
    "bufpolicy": OptionSpec(one_of("ring", "fill", "switch")),
    "bufresize": OptionSpec(one_of("auto", "manual")),
    # structured output, named as FreeBSD's dtrace names it
    "oformat": OptionSpec(one_of("text", "json")),
    # accepted and unused, as in DTrace 2.x: BPF hash maps free a dynamic
    # variable when it is deleted, there is nothing to sweep (consumer/pacing.py)
    "cleanrate": OptionSpec(opt_rate),
    "cpu": OptionSpec(opt_runtime),
    "destructive": OptionSpec(opt_runtime),
    "dynvarsize": OptionSpec(opt_size),
    "grabanon": OptionSpec(opt_runtime),
    "jstackframes": OptionSpec(opt_runtime),
    "jstackstrsize": OptionSpec(opt_size),
    "lockmem": OptionSpec(opt_lockmem, **_CMDLINE),
    "maxframes": OptionSpec(opt_runtime),
    "nspec": OptionSpec(opt_runtime),
    "pcapsize": OptionSpec(opt_bounded_size(1514, 65535)),
    "scratchsize": OptionSpec(opt_scratchsize),
    "specsize": OptionSpec(opt_size),
    "stackframes": OptionSpec(opt_runtime),
    # how often drops are reported and the end of the run noticed (consumer/pacing.py)
    "statusrate": OptionSpec(opt_rate),
    "strsize": OptionSpec(opt_strsize),
    "ustackframes": OptionSpec(opt_runtime),
    "noresolve": OptionSpec(opt_runtime),
    # dynamic run-time options
    # how often printa() sees aggregations read afresh; unset: every time (consumer/pacing.py)
    "aggrate": OptionSpec(opt_rate),
    "aggsortkey": OptionSpec(opt_runtime),
    "aggsortkeypos": OptionSpec(opt_runtime),
    "aggsortpos": OptionSpec(opt_runtime),
    "aggsortrev": OptionSpec(opt_runtime),
    "flowindent": OptionSpec(opt_runtime),
    "quiet": OptionSpec(opt_runtime),
    "quietresize": OptionSpec(opt_runtime),
    "rawbytes": OptionSpec(opt_runtime),
    "stackindent": OptionSpec(opt_runtime),
    # how often the principal buffer is read; unset: as records arrive (consumer/pacing.py)
    "switchrate": OptionSpec(opt_rate),
    "printsize": OptionSpec(opt_bounded_size(8192, 65536)),
}

#: options whose value is handed to the preprocessor, with its flag
CPP_OPTIONS = {"define": "-D", "undef": "-U", "incdir": "-I"}

DEFAULTS: dict[str, object] = {
    "strsize": 256,
    "bufsize": 4 << 20,
    "aggsize": 4 << 20,
    "dynvarsize": 1 << 20,
    # DTrace 2.x's: switchrate and aggrate unset (read as records arrive and as
    # printa() needs), status once a second; cleanrate does nothing (see
    # consumer/pacing.py)
    "statusrate": 10**9,
    "cleanrate": 10**9 // 101,
    "stackframes": 20,
    "ustackframes": 100,
    "nspec": 1,
    "specsize": 32 << 10,
    "bufpolicy": "switch",
}


def parse_size(name: str, value: str) -> int:
    """A size as -x takes it; the error names the option as dtrace(1) does."""
    try:
        return parse_size_value(value)
    except OptionError as exc:
        raise DTraceError(f"failed to set -x {name}: {exc}") from None


@dataclass
class Options:
    values: dict[str, object] = field(default_factory=lambda: dict(DEFAULTS))
    #: -xdefine/-xundef/-xincdir, as preprocessor arguments in the order given
    cpp_args: list[str] = field(default_factory=list)
    #: the options the command line, a pragma or setopt() set (not defaults)
    given: set[str] = field(default_factory=set)

    def apply(self, name: str, value: str | None, *, in_program: bool = False) -> None:
        """Set one option or raise :class:`OptionError` with DTrace's reason."""
        spec = OPTIONS.get(name)
        if spec is None:
            raise OptionError(BADOPTNAME)
        if in_program and spec.command_line_only:
            # DTrace checks the value first for these
            if value is None and spec.parse is needs_value:
                raise OptionError(BADOPTVAL)
            raise OptionError(BADOPTCTX)
        parsed = spec.parse(value)
        self.given.add(name)
        if spec.clears:
            self.values.pop(spec.clears, None)
            return
        if name in CPP_OPTIONS:
            self.cpp_args.append(CPP_OPTIONS[name] + str(parsed))
            return
        if parsed is UNSET:
            self.values.pop(name, None)
            if name in DEFAULTS and spec.parse is not opt_runtime:
                self.values[name] = DEFAULTS[name]
            return
        self.values[name] = parsed

    def set(self, name: str, value: str | None = None) -> None:
        """-x name[=value]: a refusal is dtrace(1)'s "failed to set -x" line."""
        try:
            self.apply(name, value)
        except OptionError as exc:
            raise DTraceError(f"failed to set -x {name}: {exc}") from None

    def get(self, name: str, default: object = None) -> object:
        return self.values.get(name, default)

    def flag(self, name: str) -> bool:
        """Whether an option is set: any value but unset, as in DTrace (0 counts)."""
        v = self.values.get(name)
        return v is not None and v is not False

    def int(self, name: str) -> int:
        v = self.values.get(name)
        if v is None or isinstance(v, bool):
            v = DEFAULTS.get(name, 0)
        return int(v)  # type: ignore[call-overload]
