"""BPF maps: create, read, write, iterate.

Keys and values cross this interface as ``bytes`` of exactly ``key_size`` /
``value_size``; their meaning (layouts, endianness) belongs to the callers.

Per-CPU maps hold one value per *possible* CPU.  The kernel copies them into
one buffer, each value padded to 8 bytes, in the order of the possible-CPU
list; ``lookup_percpu`` returns them unpadded, in that order (index ``i`` is
the ``i``-th entry of :func:`possible_cpus`).
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
from collections.abc import Iterator
from functools import cache
from types import TracebackType

from pydtrace.bpf.consts import BPF_ANY, PERCPU_MAP_TYPES, Cmd, MapType
from pydtrace.bpf.syscall import (
    BpfError,
    FdAttr,
    MapBatchAttr,
    MapCreateAttr,
    MapElemAttr,
    addr,
    bpf,
)

# Batch lookups fetch this many entries per call (grown on ENOSPC, which the
# kernel returns when one hash bucket holds more than ``count`` entries).
_BATCH_CHUNK = 1024


def _parse_cpu_list(text: str) -> list[int]:
    """Parse the kernel's CPU list syntax ("0-3,5,7-8")."""
    cpus: list[int] = []
    for part in text.strip().split(","):
        if not part:
            continue
        lo, _, hi = part.partition("-")
        cpus.extend(range(int(lo), int(hi or lo) + 1))
    return cpus


@cache
def possible_cpus() -> list[int]:
    """CPUs the kernel may ever bring up: per-CPU map values come in this order."""
    with open("/sys/devices/system/cpu/possible") as f:
        return _parse_cpu_list(f.read())


def online_cpus() -> list[int]:
    """CPUs online now (read afresh: CPUs can come and go)."""
    with open("/sys/devices/system/cpu/online") as f:
        return _parse_cpu_list(f.read())


def _round8(n: int) -> int:
    return (n + 7) & ~7


def sanitize_name(name: str) -> bytes:
    """A kernel object name: at most 15 characters of [A-Za-z0-9_.]."""
    return re.sub(r"[^A-Za-z0-9_.]", "_", name)[:15].encode()


class Map:
    """One BPF map, owned through its file descriptor."""

    def __init__(
        self,
        fd: int,
        map_type: MapType,
        key_size: int,
        value_size: int,
        max_entries: int,
        name: str = "",
    ) -> None:
        self.fd = fd
        self.map_type = map_type
        self.key_size = key_size
        self.value_size = value_size
        self.max_entries = max_entries
        self.name = name
        self.percpu = map_type in PERCPU_MAP_TYPES
        self.ncpus = len(possible_cpus()) if self.percpu else 1
        # Size of the value buffer the kernel reads and writes for one key.
        self.value_buf_size = _round8(value_size) * self.ncpus if self.percpu else value_size

    @classmethod
    def create(
        cls,
        map_type: MapType,
        key_size: int,
        value_size: int,
        max_entries: int,
        name: str = "",
        flags: int = 0,
    ) -> Map:
        """Create a map; ``name`` is shortened to what the kernel accepts."""
        attr = MapCreateAttr(
            map_type=map_type,
            key_size=key_size,
            value_size=value_size,
            max_entries=max_entries,
            map_flags=flags,
            map_name=sanitize_name(name),
        )
        fd = bpf(Cmd.MAP_CREATE, attr, name=f"BPF_MAP_CREATE({name or MapType(map_type).name})")
        return cls(fd, MapType(map_type), key_size, value_size, max_entries, name)

    # --- lifetime ---------------------------------------------------------

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> Map:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        # A forgotten map must not leak its fd (and the kernel object).
        if getattr(self, "fd", -1) >= 0:
            try:
                self.close()
            except (OSError, TypeError):
                pass  # interpreter shutdown: os may be half torn down

    def __repr__(self) -> str:
        return (
            f"Map(fd={self.fd}, {self.map_type.name}, name={self.name!r}, "
            f"key_size={self.key_size}, value_size={self.value_size}, "
            f"max_entries={self.max_entries})"
        )

    # --- single elements -------------------------------------------------------

    def _check_key(self, key: bytes) -> None:
        # The kernel reads exactly key_size bytes: a short key would make it
        # read past the buffer.
        if len(key) != self.key_size:
            raise ValueError(f"map {self.name!r}: key is {len(key)} bytes, not {self.key_size}")

    def _lookup_raw(self, key: bytes) -> bytes | None:
        self._check_key(key)
        value = ctypes.create_string_buffer(self.value_buf_size)
        attr = MapElemAttr(map_fd=self.fd, key=addr(key), value=addr(value))
        try:
            bpf(Cmd.MAP_LOOKUP_ELEM, attr)
        except BpfError as e:
            if e.errno == errno.ENOENT:
                return None
            raise
        return value.raw

    def lookup(self, key: bytes) -> bytes | None:
        """The value at ``key`` (None if absent); for a per-CPU map, the raw
        buffer of all CPUs' values (see :meth:`lookup_percpu`)."""
        return self._lookup_raw(key)

    def lookup_percpu(self, key: bytes) -> list[bytes] | None:
        """Per-CPU map: the value of each possible CPU, or None if absent."""
        raw = self._lookup_raw(key)
        return None if raw is None else self._split_percpu(raw)

    def _split_percpu(self, raw: bytes | memoryview) -> list[bytes]:
        step, vs = _round8(self.value_size), self.value_size
        return [bytes(raw[i * step : i * step + vs]) for i in range(self.ncpus)]

    def update(self, key: bytes, value: bytes, flags: int = BPF_ANY) -> None:
        """Set ``key`` to ``value``.  For a per-CPU map ``value`` is either one
        value (stored on every CPU) or the full padded all-CPU buffer."""
        self._check_key(key)
        if self.percpu and len(value) == self.value_size:
            step = _round8(self.value_size)
            value = value.ljust(step, b"\0") * self.ncpus
        if len(value) != self.value_buf_size:
            raise ValueError(
                f"map {self.name!r}: value is {len(value)} bytes, not {self.value_buf_size}"
            )
        attr = MapElemAttr(map_fd=self.fd, key=addr(key), value=addr(value), flags=flags)
        bpf(Cmd.MAP_UPDATE_ELEM, attr)

    def delete(self, key: bytes) -> bool:
        """Remove ``key``; False if it was not there."""
        self._check_key(key)
        attr = MapElemAttr(map_fd=self.fd, key=addr(key))
        try:
            bpf(Cmd.MAP_DELETE_ELEM, attr)
        except BpfError as e:
            if e.errno == errno.ENOENT:
                return False
            raise
        return True

    def freeze(self) -> None:
        """Make the map read-only for user space (programs can still write
        unless it was created with BPF_F_RDONLY_PROG)."""
        bpf(Cmd.MAP_FREEZE, FdAttr(fd=self.fd))

    # --- iteration ---------------------------------------------------------------

    def _next_key(self, key: bytes | None) -> bytes | None:
        nxt = ctypes.create_string_buffer(self.key_size)
        attr = MapElemAttr(map_fd=self.fd, key=addr(key), value=addr(nxt))
        try:
            bpf(Cmd.MAP_GET_NEXT_KEY, attr)
        except BpfError as e:
            if e.errno == errno.ENOENT:
                return None
            raise
        return nxt.raw

    def keys(self) -> Iterator[bytes]:
        """Iterate over the keys with BPF_MAP_GET_NEXT_KEY.

        Safe when the caller (or a BPF program) deletes keys meanwhile: the
        next key is fetched *before* the current one is yielded, and when the
        kernel restarts from the first key (it does when the key we ask about
        has vanished from a hash map) the keys already seen are skipped, so
        no key is yielded twice and the walk always ends.
        """
        seen: set[bytes] = set()
        key = self._next_key(None)
        while key is not None:
            nxt = self._next_key(key)
            while nxt is not None and nxt in seen:
                nxt = self._next_key(nxt)
            seen.add(key)
            yield key
            key = nxt

    def items(self) -> Iterator[tuple[bytes, bytes]]:
        """(key, value) pairs through keys() + lookup(), skipping keys that
        vanish between the two."""
        for key in self.keys():
            value = self._lookup_raw(key)
            if value is not None:
                yield key, value

    def lookup_batch(self) -> list[tuple[bytes, bytes]]:
        """All (key, value) pairs, with BPF_MAP_LOOKUP_BATCH when the kernel
        supports it for this map type, else keys() + lookup().  Per-CPU values
        are the raw all-CPU buffers (see :meth:`lookup_batch_percpu`)."""
        try:
            return self._lookup_batch()
        except BpfError as e:
            # EINVAL/ENOTSUPP(524)/EOPNOTSUPP: no batch ops for this map type
            # or kernel.  Anything else is a real error.
            if e.errno not in (errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP, 524):
                raise
        return list(self.items())

    def lookup_batch_percpu(self) -> list[tuple[bytes, list[bytes]]]:
        """Per-CPU map: all (key, [value per possible CPU]) pairs."""
        return [(k, self._split_percpu(v)) for k, v in self.lookup_batch()]

    def _lookup_batch(self) -> list[tuple[bytes, bytes]]:
        ks, vs = self.key_size, self.value_buf_size
        count = max(1, min(self.max_entries, _BATCH_CHUNK))
        # The batch token is opaque: a bucket index for hashes, a key for
        # others; key_size (at least 8) bytes is enough for every map type.
        tok_in = ctypes.create_string_buffer(max(ks, 8))
        tok_out = ctypes.create_string_buffer(max(ks, 8))
        keys = ctypes.create_string_buffer(ks * count)
        values = ctypes.create_string_buffer(vs * count)
        out: list[tuple[bytes, bytes]] = []
        first = True
        while True:
            attr = MapBatchAttr(
                in_batch=0 if first else addr(tok_in),
                out_batch=addr(tok_out),
                keys=addr(keys),
                values=addr(values),
                count=count,
                map_fd=self.fd,
            )
            done = False
            try:
                bpf(Cmd.MAP_LOOKUP_BATCH, attr)
            except BpfError as e:
                if e.errno == errno.ENOSPC and attr.count == 0:
                    # One bucket did not fit: retry the same step, bigger.
                    count *= 2
                    keys = ctypes.create_string_buffer(ks * count)
                    values = ctypes.create_string_buffer(vs * count)
                    continue
                if e.errno != errno.ENOENT:
                    raise
                done = True  # ENOENT: last batch (attr.count may be > 0)
            n = attr.count
            kraw, vraw = keys.raw, values.raw
            out.extend((kraw[i * ks : (i + 1) * ks], vraw[i * vs : (i + 1) * vs]) for i in range(n))
            if done:
                return out
            ctypes.memmove(tok_in, tok_out, len(tok_out))
            first = False
