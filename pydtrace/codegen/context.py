"""Storage decided at compile time: maps, machine state, variables, constants.

Machine state (``mstate``) is one per-CPU array element that every program
looks up once; R9 holds its address for the whole program::

    0   probe id        8   arg0..arg9      88  errno     96  timestamp cache
    104 drops (ring buffer reservations that failed)
    112 fault code, action  120 fault address  128 faulting epid
    144 this-> variables, then alloca'd memory (when the program allocates: its
        first 8 bytes hold the clause's allocation top), then per-statement scratch

Globals live in an array map addressed directly (no helper call), string
constants in a frozen read-only array map, thread-locals and associative
arrays in a few shared hashes (dynmaps.py), aggregations in a few shared
per-CPU maps (aggmaps.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..bpf.consts import MapType
from ..lang.check import Symbols
from ..types.dtypes import ArrayType, DType, StructType, SymAddrType, is_char_array
from .layout import AggDesc, Field

MS_FAULT_PRID = 0  # the probe that faulted, for the ERROR probe
MS_ARGS = 8
MS_ERRNO = 88
MS_TIMESTAMP = 96
MS_DROPS = 104
MS_FAULT_EPID = 128  # the enabled probe that faulted, for the ERROR probe
MS_SPEC_FAILS = 136  # speculation() calls that found no free buffer
MS_AGG_DROPS = 144  # aggregation keys that found their map full
MS_DYN_DROPS = 152  # dynamic variables that found their map full
MS_SPEC_BUSY = 160  # speculation() calls that found buffers only still draining
MS_THIS = 168

# offsets in the globals map of runtime-maintained values
# 0 active, 1 draining (exit() was called), 2 warming up (before BEGIN),
# 3 filled (bufpolicy=fill: the principal buffer is full)
G_ACTIVITY = 0
ACTIVITY_ACTIVE, ACTIVITY_DRAINING, ACTIVITY_WARMUP, ACTIVITY_FILLED = 0, 1, 2, 3
G_WALLOFFSET = 8  # walltimestamp = ktime_get_ns() + this
G_FILL_USED = 16  # bufpolicy=fill: bytes of the principal buffer used so far
G_AGG_USED = 24  # bytes of aggsize new aggregation keys took (only programs add)
G_FIRST_USER = 32

BPF_F_NO_PREALLOC = 1
BPF_F_RDONLY_PROG = 1 << 7

DYNVAR_ENTRIES = 1 << 20  # a cap on what dynvarsize may ask for


def align8(n: int) -> int:
    return (n + 7) & ~7


@dataclass
class MapSpec:
    name: str
    map_type: int
    key_size: int
    value_size: int
    max_entries: int
    flags: int = 0
    initial: bytes | None = None
    frozen: bool = False


@dataclass
class VarSlot:
    offset: int
    dtype: DType
    size: int


@dataclass
class DynVar:
    """A thread-local variable or an associative array, in a hash it may share
    with others (dynmaps.py).  A thread-local has no key fields unless its
    hash's keys are padded: its key is the thread word (tagged with its slot
    in a shared hash), built on the stack."""

    map_name: str
    dtype: DType
    value_size: int
    keys: tuple[Field, ...] = ()
    key_size: int = 8
    #: a self->x[...] array: the first key field is the thread
    thread: bool = False
    #: the first key word of a shared hash: which variable the key is of
    slot: int = 0
    #: whether its hash holds other variables too (keys start with the slot)
    shared: bool = False
    #: or'ed into the thread word of a thread-keyed variable: its slot
    thread_tag: int = 0


#: pcapsize when the option is not given: an Ethernet frame (1514 bytes),
#: rounded up to 8 as DTrace keeps the option
DEFAULT_PCAPSIZE = 1520


@dataclass
class CompileContext:
    strsize: int
    symbols: Symbols
    maps: dict[str, MapSpec] = field(default_factory=dict)
    globals: dict[str, VarSlot] = field(default_factory=dict)
    this_vars: dict[str, VarSlot] = field(default_factory=dict)
    self_vars: dict[str, DynVar] = field(default_factory=dict)
    assocs: dict[str, DynVar] = field(default_factory=dict)
    aggs: dict[str, AggDesc] = field(default_factory=dict)
    rodata: bytearray = field(default_factory=bytearray)
    _strings: dict[bytes, int] = field(default_factory=dict)
    _zeros_at: int = 0
    _zeros_size: int = 0
    globals_size: int = G_FIRST_USER
    this_size: int = 0
    scratch_size: int = 0
    bufsize: int = 4 << 20
    aggsize: int = 4 << 20
    nspec: int = 1
    stackframes: int = 20
    ustackframes: int = 100
    #: the most frames a stack may have (the kernel's perf_event_max_stack)
    maxframes: int = 127
    #: bytes of alloca'd memory per clause, the 8 of the NULL offset included
    scratchsize: int = 264
    dynvarsize: int = 1 << 20
    #: bytes of a packet pcap() records
    pcapsize: int = DEFAULT_PCAPSIZE
    #: bufpolicy=fill: the bytes records other than END's may use (None: another policy)
    fill_limit: int | None = None

    def string_size(self, t: DType) -> int:
        """Bytes a string of type ``t`` needs: its bound, at most strsize + NUL."""
        return min(t.size, self.strbuf) if t.size else self.strbuf

    @property
    def strbuf(self) -> int:
        """A string holds up to strsize characters, as in DTrace, plus its NUL."""
        return self.strsize + 1

    def value_size(self, t: DType) -> int:
        if isinstance(t, StructType | ArrayType):
            return max(t.size, 1)  # a struct, union or array: its bytes
        return self.string_size(t) if t.is_string else 8

    def zero_block(self, size: int) -> int:
        """Offset of ``size`` zero bytes in the read-only data map."""
        if size > self._zeros_size:
            self._zeros_at = len(self.rodata)
            self._zeros_size = size
            self.rodata += bytes((size + 7) & ~7)
        return self._zeros_at

    def field_for(self, t: DType, offset: int) -> Field:
        if t.name in ("stack", "ustack"):
            return Field(offset, t.size, t.name, False, 8, t.name)
        if t.name == "bytes":  # raw memory: tracemem(), print()
            return Field(offset, t.size, "bytes", False, t.size, "bytes")
        if isinstance(t, SymAddrType):
            # a user address is only meaningful with its process id, stored first
            size = 16 if t.fn in ("usym", "ufunc", "uaddr", "umod") else 8
            return Field(offset, size, t.fn, False, 8, "_symaddr")
        if isinstance(t, StructType) or isinstance(t, ArrayType) and not is_char_array(t):
            return Field(offset, t.size, "bytes", False, t.size, t.name)
        if is_char_array(t):
            n = min(t.size + 1, self.strbuf)
            return Field(offset, n, "string", False, n, "string")
        if t.is_string:
            n = self.string_size(t)
            return Field(offset, n, "string", False, n, "string")
        if t.name in ("float", "double"):
            # the value's bits; the consumer reads them as IEEE 754
            return Field(offset, 8, "float", True, t.size, t.name)
        signed = getattr(t, "signed", False)
        width = t.size if t.size in (1, 2, 4, 8) else 8
        return Field(offset, 8, "int", signed, width, t.name)

    def key_fields(self, types: tuple[DType, ...]) -> tuple[tuple[Field, ...], int]:
        fields, off = [], 0
        for t in types:
            f = self.field_for(t, off)
            fields.append(f)
            off += align8(f.size)
        return tuple(fields), max(off, 8)

    # -- layout of the symbols the checker found -------------------------------

    def allocate(self) -> None:
        sym = self.symbols
        for name, t in sym.globals.items():
            size = align8(self.value_size(t))
            self.globals[name] = VarSlot(self.globals_size, t, size)
            self.globals_size += size
        for name, t in sym.this_vars.items():
            size = align8(self.value_size(t))
            self.this_vars[name] = VarSlot(MS_THIS + self.this_size, t, size)
            self.this_size += size
        if sym.self_vars or sym.assocs:
            from .dynmaps import plan_dyn_maps

            self.self_vars, self.assocs, specs = plan_dyn_maps(self, sym)
            self.maps.update((spec.name, spec) for spec in specs)
        if sym.aggs:
            from .aggmaps import plan_agg_maps

            self.aggs, specs = plan_agg_maps(self, sym.aggs)
            self.maps.update((spec.name, spec) for spec in specs)

    def dynvar_entry_size(self, key_types: tuple[DType, ...], t: DType) -> int:
        """What one dynamic variable element costs of dynvarsize, as DTrace
        counts it: a thread-local its value's own bytes (an int or a struct of
        one int takes 4, though stored in 8); an array element its key (a
        string takes strsize) and its value's 8-byte words (a[int] = int: 16)."""
        if key_types:
            return self.agg_entry_size(key_types, align8(self.value_size(t)))
        return self.value_size(t) if t.is_string else max(t.size, 1)

    def agg_entry_size(self, key_types: tuple[DType, ...], value_size: int) -> int:
        """What one aggregation entry costs of aggsize, as DTrace counts it: a
        string key takes strsize, however short the strings it holds."""
        keys = sum(align8(self.strbuf if t.is_string else self.field_for(t, 0).size)
                   for t in key_types)
        return max(keys, 8) + value_size

    def string_constant(self, value: bytes) -> int:
        """Offset of a NUL-terminated constant in the read-only data map."""
        value = value[: self.strsize]
        if value not in self._strings:
            self._strings[value] = len(self.rodata)
            self.rodata += value + b"\0"
            while len(self.rodata) % 8:
                self.rodata.append(0)
        return self._strings[value]

    def need_scratch(self, size: int) -> None:
        self.scratch_size = max(self.scratch_size, size)

    @property
    def alloca_base(self) -> int:
        """Where alloca'd memory starts; alloca offsets count from here."""
        return MS_THIS + align8(self.this_size)

    @property
    def alloca_size(self) -> int:
        return self.scratchsize if self.symbols.alloca.used else 0

    @property
    def scratch_base(self) -> int:
        return self.alloca_base + self.alloca_size

    def finish_maps(self) -> None:
        """Create the fixed maps once every clause has been generated."""
        # a string pointer may be read strsize bytes past any buffer's start
        # (a bounded string meeting a wider one), so both maps are padded
        mstate_size = self.scratch_base + align8(self.scratch_size) + align8(self.strbuf)
        if self.alloca_size:
            # the verifier sees a copy into alloca'd memory as up to scratchsize
            # bytes from any offset below scratchsize (the run-time check is exact)
            mstate_size = max(mstate_size, self.alloca_base + 2 * self.scratchsize)
        self.maps["mstate"] = MapSpec("mstate", MapType.PERCPU_ARRAY, 4, mstate_size, 1)
        self.maps["globals"] = MapSpec(
            "globals", MapType.ARRAY, 4, align8(self.globals_size) + align8(self.strbuf), 1
        )
        # strings are read up to strsize bytes from any constant: pad the end
        data = bytes(self.rodata) + bytes(align8(self.strbuf) + 8)
        self.maps["rodata"] = MapSpec(
            "rodata", MapType.ARRAY, 4, len(data), 1, BPF_F_RDONLY_PROG, data, frozen=True
        )
        self.maps["events"] = MapSpec("events", MapType.RINGBUF, 0, 0, self.bufsize)
        self.maps["specs"] = MapSpec("specs", MapType.ARRAY, 4, 8, max(self.nspec, 1))
        if any(not a.keyless for a in self.aggs.values()):
            # the bytes of aggsize trunc() gave back: only the consumer writes it
            self.maps["aggfreed"] = MapSpec("aggfreed", MapType.ARRAY, 4, 8, 1)
        if self.aggs:
            size = max(a.map_value_size for a in self.aggs.values())
            self.maps["zeros"] = MapSpec("zeros", MapType.ARRAY, 4, size, 1, BPF_F_RDONLY_PROG,
                                         bytes(size), frozen=True)

