"""Record and map layouts fixed at compile time.

The BPF writer and the consumer's decoder both read these, so they cannot
drift apart.  A trace record in the ring buffer is::

    u32 epid | u32 cpu | [u64 executed-actions mask] | action data ...

Aggregation maps are per-CPU hashes (arrays when keyless) whose key is the
concatenation of the key fields, after the aggregation's slot when the hash is
shared, and whose value is the aggregation's data (codegen/aggmaps.py).
"""

from __future__ import annotations

from dataclasses import dataclass

RECORD_HEADER = 8  # epid + cpu


@dataclass(frozen=True)
class Field:
    """One value in a record or key: ints are 8 bytes, strings strsize."""

    offset: int
    size: int
    kind: str  # "int", "string", "stack", "ustack" or "bytes"
    signed: bool = True
    #: the value's own width (an int field is 8 bytes wide but may hold an int)
    width: int = 8
    type_name: str = "int64_t"


@dataclass(frozen=True)
class ActionDesc:
    kind: str  # "printf", "trace", "exit"
    fields: tuple[Field, ...]
    format: object = None  # the compiled printf Format for printf
    #: bit in the executed-actions mask, or None when the action always runs
    bit: int | None = None


@dataclass(frozen=True)
class ClauseLayout:
    size: int
    actions: tuple[ActionDesc, ...]
    has_mask: bool
    #: does this clause produce a record at all
    records: bool


@dataclass(frozen=True)
class ProbeInfo:
    id: int
    provider: str
    module: str
    function: str
    name: str

    @property
    def fullname(self) -> str:
        return f"{self.provider}:{self.module}:{self.function}:{self.name}"


@dataclass(frozen=True)
class EnabledProbe:
    epid: int
    probe: ProbeInfo
    clause: int
    #: the statement (clause x probe description) number run-time errors name
    stmt: int = 0


@dataclass(frozen=True)
class AggDesc:
    name: str
    func: str
    map_name: str
    keys: tuple[Field, ...]
    key_size: int
    value_size: int
    keyless: bool
    #: order of first use, which ties DTrace's print order of aggregations
    order: int
    #: the function's parameters (lang.aggfuncs.AggParams)
    params: object = None
    #: its element of a keyless array, or the first key word of a shared hash
    slot: int = 0
    #: whether its hash holds other aggregations too (keys start with the slot)
    shared: bool = False
    #: what one of its entries costs of aggsize, as DTrace counts it
    entry_size: int = 0
    #: its map's value size, which may be padded past value_size
    map_value_size: int = 0
