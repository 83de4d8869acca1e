"""Tracepoint record layouts, from tracefs ``events/<system>/<event>/format``.

Listing is cheap and reading is lazy: ``dtrace -l`` shows ~2300 events, so
:func:`list_events` reads the one ``available_events`` file instead of opening
every ``format``; a format is parsed only for the events a script names (or for
``-lv``).  The tracefs mount point is always a parameter -- mounting it is
pydtrace/bpf/fs.py's business.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

# One "field:<decl>;\toffset:N;\tsize:N;\tsigned:N;" line.  Old kernels omit
# "signed:" and ftrace-internal events say "field special:".
_FIELD_RE = re.compile(
    r"^\s*field(?: special)?:(?P<decl>[^;]*);\s*offset:(?P<offset>\d+);"
    r"\s*size:(?P<size>\d+);(?:\s*signed:(?P<signed>\d+);)?"
)
# "<type> <name>" with an optional array suffix: "[16]", "[]", "[TASK_COMM_LEN]".
_DECL_RE = re.compile(r"^(?P<type>.*?)\s*\b(?P<name>[A-Za-z_]\w*)\s*(?P<array>\[[^\]]*\])?$")
_DATA_LOC = ("__data_loc", "__rel_loc")


@dataclass(frozen=True)
class Field:
    """One field of a tracepoint record.

    ``c_type`` is the C type of the whole field as C would print it
    (``char [16]``, ``const char *``); ``elem_type`` drops the array part.
    ``array_len`` is None for scalars, the element count for arrays and 0 for
    flexible ``[]`` arrays.  A ``__data_loc`` (or ``__rel_loc``) field is a
    u32 in the record holding (length << 16 | offset) of variable data stored
    after the fixed part; its ``c_type`` is the element type as ``T []``.
    """

    name: str
    c_type: str
    offset: int
    size: int
    signed: bool
    array_len: int | None = None
    is_data_loc: bool = False
    is_rel_loc: bool = False

    @property
    def elem_type(self) -> str:
        return self.c_type[: self.c_type.index("[")].rstrip() if "[" in self.c_type else self.c_type

    @property
    def is_common(self) -> bool:
        return self.name.startswith("common_")


@dataclass(frozen=True)
class EventFormat:
    """A parsed ``format`` file.  ``fields`` excludes ``common_*``; ``all_fields`` has them."""

    system: str
    name: str
    id: int
    all_fields: tuple[Field, ...]
    print_fmt: str
    fields: tuple[Field, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", tuple(f for f in self.all_fields if not f.is_common))

    @property
    def common_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.all_fields if f.is_common)

    def field(self, name: str) -> Field | None:
        for f in self.all_fields:
            if f.name == name:
                return f
        return None


class FormatError(ValueError):
    """A format file this parser does not understand."""


_INT_WORDS = frozenset(("signed", "unsigned", "int", "long", "short", "char"))
_QUALS = frozenset(("const", "volatile"))


def normalize_c_type(text: str) -> str:
    """Spell a C type the way c_name() does: ``const char*`` -> ``const char *``,
    ``unsigned`` -> ``unsigned int``, ``long unsigned int`` -> ``unsigned long``."""
    base, star, rest = text.partition("*")
    words = base.split()
    quals = [w for w in words if w in _QUALS]
    core = [w for w in words if w not in _QUALS]
    if core and all(w in _INT_WORDS for w in core):
        from pydtrace.types.btf import canonical_int_name

        words = quals + [canonical_int_name(" ".join(core))]
    text = " ".join(words) + (star + rest if star else "")
    text = " ".join(text.split())
    text = re.sub(r"\s*\*\s*", "*", text)  # glue the stars together ...
    text = re.sub(r"(?<=[\w)\]])\*", " *", text)  # ... then one space before: char **
    return text.replace(" [", "[").replace("[", " [")


def parse_field(line: str) -> Field | None:
    """Parse one ``field:`` line; None for lines that are not field lines."""
    m = _FIELD_RE.match(line)
    if m is None:
        return None
    decl = m["decl"].strip()
    offset, size = int(m["offset"]), int(m["size"])
    signed = m["signed"] == "1"
    loc = decl.split(None, 1)[0] if decl else ""
    is_data_loc = loc == "__data_loc"
    is_rel_loc = loc == "__rel_loc"
    if loc in _DATA_LOC:
        # "__data_loc char[] name": the brackets sit on the type, not the name.
        rest = decl[len(loc):].strip()
        typ, _, name = rest.rpartition(" ")
        if not typ:
            raise FormatError(f"cannot parse data_loc field {decl!r}")
        elem = normalize_c_type(typ.replace("[]", "").strip())
        return Field(name, f"{elem} []", offset, size, signed, None, is_data_loc, is_rel_loc)
    d = _DECL_RE.match(decl)
    if d is None or not d["type"]:
        raise FormatError(f"cannot parse field {decl!r}")
    ctype = normalize_c_type(d["type"])
    array_len: int | None = None
    if d["array"] is not None:
        inner = d["array"][1:-1].strip()
        if not inner:
            array_len = 0
        elif inner.isdigit():
            array_len = int(inner)
        else:
            # A length the kernel left as a macro name: count from the size
            # when we know the element's size, else leave it unknown (0).
            elem_size = _BASE_SIZES.get(ctype)
            array_len = size // elem_size if elem_size else 0
        ctype = f"{ctype} [{array_len if array_len else ''}]"
    return Field(d["name"], ctype, offset, size, signed, array_len)


# Sizes of the scalar types whose arrays show up in formats, for the rare
# array whose length is not a number.
_BASE_SIZES = {
    "char": 1, "unsigned char": 1, "signed char": 1, "u8": 1, "__u8": 1, "s8": 1,
    "u16": 2, "__u16": 2, "s16": 2, "short": 2, "unsigned short": 2,
    "int": 4, "unsigned int": 4, "u32": 4, "__u32": 4, "s32": 4,
    "long": 8, "unsigned long": 8, "u64": 8, "__u64": 8, "s64": 8,
    "long long": 8, "unsigned long long": 8,
}


def parse_format(text: str, system: str = "") -> EventFormat:
    """Parse the text of a ``format`` file."""
    name = ""
    event_id = -1
    fields: list[Field] = []
    print_fmt = ""
    for line in text.splitlines():
        if line.startswith("name:"):
            name = line[5:].strip()
        elif line.startswith("ID:"):
            event_id = int(line[3:].strip())
        elif line.startswith("print fmt:"):
            print_fmt = line[10:].strip()
        else:
            f = parse_field(line)
            if f is not None:
                fields.append(f)
    if event_id < 0:
        raise FormatError(f"format of {system}:{name} has no ID")
    return EventFormat(system, name, event_id, tuple(fields), print_fmt)


def format_path(tracefs: str, system: str, event: str) -> str:
    return os.path.join(tracefs, "events", system, event, "format")


def read_format(tracefs: str, system: str, event: str) -> EventFormat:
    """Read and parse one event's format (FileNotFoundError if there is no such event)."""
    with open(format_path(tracefs, system, event)) as f:
        return parse_format(f.read(), system)


def list_events(tracefs: str) -> list[tuple[str, str]]:
    """Every (system, event) tracefs knows, from the single ``available_events`` file."""
    try:
        with open(os.path.join(tracefs, "available_events")) as f:
            text = f.read()
    except FileNotFoundError:
        return _walk_events(tracefs)
    out = []
    for line in text.splitlines():
        system, sep, event = line.partition(":")
        if sep:
            out.append((system, event))
    return out


def _walk_events(tracefs: str) -> list[tuple[str, str]]:
    # Fallback for a tracefs without available_events: one listdir per system.
    root = os.path.join(tracefs, "events")
    out = []
    for system in sorted(os.listdir(root)):
        sdir = os.path.join(root, system)
        if not os.path.isdir(sdir):
            continue
        for event in sorted(os.listdir(sdir)):
            if os.path.isdir(os.path.join(sdir, event)):
                out.append((system, event))
    return out


def syscall_names(tracefs: str) -> list[str]:
    """Syscalls that have a ``syscalls:sys_enter_<name>`` tracepoint, sorted."""
    prefix = "sys_enter_"
    return sorted(
        e[len(prefix):] for s, e in list_events(tracefs) if s == "syscalls" and e.startswith(prefix)
    )


def syscall_args(tracefs: str, name: str) -> tuple[Field, ...]:
    """Arguments of syscall ``name`` in order: the sys_enter fields after ``__syscall_nr``.

    Each is a full 8-byte slot in the record whatever its C type (the
    tracepoint stores the raw register), so ``Field.size`` is 8 here.
    """
    fmt = read_format(tracefs, "syscalls", "sys_enter_" + name)
    fields = list(fmt.fields)
    for i, f in enumerate(fields):
        if f.name == "__syscall_nr":
            return tuple(fields[i + 1:])
    raise FormatError(f"sys_enter_{name} has no __syscall_nr field")
