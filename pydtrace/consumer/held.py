"""The ring and fill buffer policies, on the consumer side.

Whatever the policy, the kernel side is one BPF ring buffer that the
consumer drains as records arrive, so its room stays free for the programs
(copying a record is much quicker than printing it).  DTrace prints ring and fill buffers only
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

from ..bpf.ringbuf import record_footprint


class HeldRecords:
    """Records kept until tracing stops, oldest first: a record's bytes as
    copied from the ring, or (for what a commit() delivers, see
    Session._take_held) an already decoded record.

    ``limit``: keep at most this many bytes of the newest records (ring);
    None keeps every record (fill, where the kernel side bounds them).
    ``evicted`` sees each record pushed out, before it is forgotten.
    """

    def __init__(self, limit: int | None,
                 evicted: Callable[[object], None] | None = None) -> None:
        self.limit = limit
        self.evicted = evicted
        self.records: deque[tuple[object, int]] = deque()
        self.used = 0

    def keep(self, record: object, length: int) -> None:
        """Hold a record that took ``length`` bytes of data in the ring."""
        cost = record_footprint(length)
        self.records.append((record, cost))
        if self.limit is None:
            return
        self.used += cost
        while self.used > self.limit and self.records:
            old, old_cost = self.records.popleft()
            self.used -= old_cost
            if self.evicted is not None:
                self.evicted(old)

    def copy(self, buf: memoryview, off: int, length: int) -> None:
        """Hold a record as it is in the ring (a consume_raw() callback)."""
        self.keep(bytes(buf[off : off + length]), length)

    def drain(self) -> Iterator[object]:
        """Hand the records on, oldest first, forgetting each."""
        while self.records:
            record, cost = self.records.popleft()
            self.used -= cost
            yield record
