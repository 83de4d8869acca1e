"""The ring and fill buffer policies, on the consumer side.

Whatever the policy, the kernel side is one BPF ring buffer that the
consumer drains as records arrive (its room stays free, so a slow printer
cannot make the programs drop).  DTrace prints ring and fill buffers only
when tracing stops, so under those policies records are copied out of the
BPF ring into a :class:`HeldRecords` and handed on when the run ends:

ring
    Only the newest records that fit in bufsize bytes are kept, each counted
    as the BPF ring counts it (an 8-byte header, the data rounded up to 8).
    A bounded buffer here gives what DTrace's overwriting ring buffer shows
    (the most recent records, printed at exit) without the kernel having to
    overwrite anything.  Records pushed out are not drops, as in DTrace.
fill
    The BPF programs themselves stop recording once bufsize bytes (less what
    END needs) have been recorded, and mark the buffer filled
    (codegen/clause.py, ``fill_budget``); every record taken is kept.

pydtrace's principal buffer is this one ring shared by every CPU, so bufsize
bounds it as a whole rather than per CPU.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator

from ..bpf.ringbuf import RingBuffer, record_footprint


class HeldRecords:
    """Records copied out of the ring, oldest first.

    ``limit``: keep at most this many bytes of the newest records (ring);
    None keeps every record (fill, where the kernel side bounds them).
    ``evicted`` sees each record pushed out, before it is forgotten.
    """

    def __init__(self, limit: int | None,
                 evicted: Callable[[bytes], None] | None = None) -> None:
        self.limit = limit
        self.evicted = evicted
        self.records: deque[bytes] = deque()
        self.used = 0

    def take(self, ring: RingBuffer, upto: int | None = None) -> int:
        """Copy the records waiting in ``ring`` (up to ``upto``); return how many."""
        return ring.consume_raw(self._keep, upto)

    def _keep(self, buf: memoryview, off: int, length: int) -> None:
        self.records.append(bytes(buf[off : off + length]))
        if self.limit is None:
            return
        self.used += record_footprint(length)
        while self.used > self.limit and self.records:
            old = self.records.popleft()
            self.used -= record_footprint(len(old))
            if self.evicted is not None:
                self.evicted(old)

    def drain(self) -> Iterator[bytes]:
        """Hand the records on, oldest first, forgetting each."""
        while self.records:
            rec = self.records.popleft()
            self.used -= record_footprint(len(rec))
            yield rec
