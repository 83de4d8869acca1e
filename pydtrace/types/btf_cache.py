"""The scan of vmlinux's BTF and its name indexes, kept between runs.

Finding the ~130k types of /sys/kernel/btf/vmlinux is a Python loop of
~80 ms, and indexing the names of one kind costs up to ~25 ms (structs),
every time a script names a kernel type (curthread, a translator, a cast).
Their results depend only on the blob, so they are kept in a cache file
(see cachefiles) keyed on the blob's size and checksum: a new kernel, a
rebuilt module set or a damaged file just means scanning again.
"""

from __future__ import annotations

import marshal
import sys
import zlib
from array import array

from ..cachefiles import read_trusted, writable, write_atomic

#: bump when what is stored changes
FORMAT = 2


def blob_key(data: bytes) -> tuple[int, int, int, str, int]:
    """What the cached scan depends on: the blob, and this machine's arrays."""
    return (FORMAT, len(data), zlib.adler32(data), sys.byteorder, array("I").itemsize)


class BtfScanCache:
    """A blob's type offsets and kinds, and the name indexes built so far."""

    def __init__(self, path: str, data: bytes) -> None:
        self.path = path
        self.key = blob_key(data)
        self.offsets: array | None = None
        self.kinds: bytearray | None = None
        #: kind number -> {name: type id}, as indexed or as read back
        self.names: dict[int, dict[str, int]] = {}
        #: kind number -> the marshalled index, decoded when first asked for
        #: (the function index alone is ~56k names, most scripts want structs)
        self._stored: dict[int, bytes] = {}
        self._load()

    def _load(self) -> None:
        raw = read_trusted(self.path)
        if raw is None:
            return
        try:
            stored = marshal.loads(raw)
            key, offsets, kinds, names = stored
            if key != self.key or not isinstance(offsets, bytes) or \
                    not isinstance(kinds, bytes) or not isinstance(names, dict):
                return
            table = array("I")
            table.frombytes(offsets)
        except (ValueError, EOFError, TypeError):
            return
        if len(table) != len(kinds) or not all(
                isinstance(k, int) and isinstance(v, bytes) for k, v in names.items()):
            return
        self.offsets, self.kinds, self._stored = table, bytearray(kinds), names

    def index(self, kind: int) -> dict[str, int] | None:
        """The stored name index of one kind, or None."""
        found = self.names.get(kind)
        if found is None and kind in self._stored:
            try:
                found = marshal.loads(self._stored[kind])
            except (ValueError, EOFError, TypeError):
                found = None
            if isinstance(found, dict):
                self.names[kind] = found
            else:
                found = None
        return found

    def save(self, offsets: array, kinds: bytearray) -> None:
        self.offsets, self.kinds = offsets, kinds
        if not writable(self.path):
            return
        try:
            stored = dict(self._stored)
            stored.update((k, marshal.dumps(v)) for k, v in self.names.items())
            data = marshal.dumps((self.key, offsets.tobytes(), bytes(kinds), stored))
        except ValueError:
            return
        write_atomic(self.path, data)

    def add_names(self, kind: int, index: dict[str, int]) -> None:
        self.names[int(kind)] = index
        if self.offsets is not None and self.kinds is not None:
            self.save(self.offsets, self.kinds)
