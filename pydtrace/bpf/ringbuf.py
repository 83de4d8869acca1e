"""Consumer side of a BPF_MAP_TYPE_RINGBUF map, read through mmap.

Kernel layout (kernel/bpf/ringbuf.c), offsets into the map fd:

    0           consumer page: consumer_pos (u64), written by us   (mapped rw)
    PAGE        producer page: producer_pos (u64), written by BPF  (mapped ro)
    2*PAGE      data, ``max_entries`` bytes (a power of 2), mapped twice in a
                row so that a record never wraps: a record at ``pos & mask``
                can always be read as one contiguous slice.

Each record: an 8-byte header (u32 length, with BUSY bit 31 while the
producer still writes it and DISCARD bit 30 if it was discarded; u32 page
offset, kernel-internal), then ``length`` bytes, the whole rounded up to 8.
Positions only grow; ``pos & mask`` is the offset in the data area.

Memory ordering: the kernel publishes a record by storing its header with
release semantics; we load the header before reading the data and store the
consumer position only after the records are handled.  CPython gives no
explicit barriers, but on x86_64 (TSO) plain loads and stores are enough; on
aarch64 we rely on the interpreter's own fences between the steps (a data
dependency on the header's length orders most reads).
"""

from __future__ import annotations

import mmap
import select
import struct
from collections.abc import Callable
from types import TracebackType

from pydtrace.bpf.consts import BPF_RINGBUF_BUSY_BIT, BPF_RINGBUF_DISCARD_BIT, MapType
from pydtrace.bpf.maps import Map

_U64 = struct.Struct("=Q")
_U32 = struct.Struct("=I")
_LEN_MASK = ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT) & 0xFFFFFFFF
RECORD_HEADER = 8


def record_footprint(length: int) -> int:
    """Bytes a record of ``length`` bytes takes in the ring: header, data rounded to 8."""
    return RECORD_HEADER + ((length + 7) & ~7)


class RingBuffer:
    """Reads records from a ring buffer map.

    Records are handed to the callback as a read-only ``memoryview`` into the
    shared mapping.  **The view is valid only during the callback**: once it
    returns the kernel may reuse that space, so the view is released (using it
    later raises ValueError).  Copy with ``bytes(view)`` to keep the data.
    """

    def __init__(self, map: Map) -> None:
        if map.map_type != MapType.RINGBUF:
            raise ValueError(f"map {map.name!r} is {map.map_type.name}, not RINGBUF")
        page = mmap.PAGESIZE
        self.map = map
        self.size = map.max_entries
        self._mask = self.size - 1
        self._cons_mm = mmap.mmap(
            map.fd, page, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE, offset=0
        )
        # The kernel refuses a writable mapping of the producer side.
        self._prod_mm = mmap.mmap(
            map.fd, page + 2 * self.size, mmap.MAP_SHARED, mmap.PROT_READ, offset=page
        )
        self._cons = memoryview(self._cons_mm)
        self._prod = memoryview(self._prod_mm)
        self._data = self._prod[page:]
        self._epoll = select.epoll()
        self._epoll.register(map.fd, select.EPOLLIN)

    # --- positions -----------------------------------------------------------

    @property
    def consumer_pos(self) -> int:
        return _U64.unpack_from(self._cons, 0)[0]

    @property
    def producer_pos(self) -> int:
        return _U64.unpack_from(self._prod, 0)[0]

    def available(self) -> int:
        """Bytes written by producers and not consumed yet."""
        return self.producer_pos - self.consumer_pos

    # --- waiting and reading ------------------------------------------------

    def poll(self, timeout_ms: int = -1) -> bool:
        """Wait until data is available (or ``timeout_ms`` passes; -1 waits
        forever, 0 checks).  True if there is something to consume."""
        if self.available():
            return True
        events = self._epoll.poll(timeout_ms / 1000 if timeout_ms >= 0 else -1)
        return bool(events) or self.available() > 0

    def consume(self, callback: Callable[[memoryview], object]) -> int:
        """Hand every committed record to ``callback``, in order; return how
        many were handed.  Discarded records are skipped; a record still being
        written (BUSY) stops the walk until the next call.

        The consumer position is stored after each pass over the records
        present when the pass began (and when the callback raises, past the
        record it raised on, like libbpf), then the producer position is read
        again, so the kernel's wake-up logic (it notifies when a record lands
        exactly at the consumer position) never misses a record.
        """
        data, cons_mv, mask = self._data, self._cons, self._mask
        u32_from, u64_from, store = _U32.unpack_from, _U64.unpack_from, _U64.pack_into
        prod_mv = self._prod
        cons = u64_from(cons_mv, 0)[0]
        count = 0
        try:
            while True:
                prod = u64_from(prod_mv, 0)[0]
                if cons >= prod:
                    return count
                while cons < prod:
                    off = cons & mask
                    hdr = u32_from(data, off)[0]
                    if hdr & BPF_RINGBUF_BUSY_BIT:
                        return count
                    length = hdr & _LEN_MASK
                    cons += (length + 15) & ~7  # header + data, rounded to 8
                    if not hdr & BPF_RINGBUF_DISCARD_BIT:
                        rec = data[off + 8 : off + 8 + length]
                        try:
                            callback(rec)
                        finally:
                            rec.release()
                        count += 1
                store(cons_mv, 0, cons)
        finally:
            store(cons_mv, 0, cons)

    def consume_raw(self, callback: Callable[[memoryview, int, int], object],
                    upto: int | None = None) -> int:
        """Like :meth:`consume`, but call ``callback(buf, offset, length)``
        with the whole data area: no per-record view is created, which makes
        this the fastest way to decode records with ``struct.unpack_from(fmt,
        buf, offset)``.  The same validity rule applies to ``buf[offset:]``.
        """
        return self.consume_dispatch({}, callback, upto)

    def consume_dispatch(
        self,
        handlers: dict[int, Callable[[memoryview, int], object]],
        default: Callable[[memoryview, int, int], object],
        upto: int | None = None,
    ) -> int:
        """Like :meth:`consume_raw`, but records whose first 32-bit word has a
        handler go to ``handler(buf, offset)`` straight from this loop (the
        consumer's hot path: one call per record); the others to ``default``.

        ``upto``: a :attr:`producer_pos` read earlier; records written after
        it are left for the next call.
        """
        data, cons_mv, mask = self._data, self._cons, self._mask
        u32_from, u64_from, store = _U32.unpack_from, _U64.unpack_from, _U64.pack_into
        get = handlers.get
        prod_mv = self._prod
        cons = u64_from(cons_mv, 0)[0]
        count = 0
        try:
            while True:
                prod = u64_from(prod_mv, 0)[0]
                if upto is not None and prod > upto:
                    prod = upto
                if cons >= prod:
                    return count
                while cons < prod:
                    off = cons & mask
                    hdr = u32_from(data, off)[0]
                    if hdr & BPF_RINGBUF_BUSY_BIT:
                        return count
                    length = hdr & _LEN_MASK
                    cons += (length + 15) & ~7
                    if not hdr & BPF_RINGBUF_DISCARD_BIT:
                        off += 8
                        handler = get(u32_from(data, off)[0])
                        if handler is not None:
                            handler(data, off)
                        else:
                            default(data, off, length)
                        count += 1
                store(cons_mv, 0, cons)
        finally:
            store(cons_mv, 0, cons)

    # --- lifetime -------------------------------------------------------------

    def close(self) -> None:
        """Unmap the buffer and drop the epoll fd (the map stays open)."""
        if self._epoll.closed:
            return
        self._epoll.close()
        for view in (self._data, self._prod, self._cons):
            view.release()
        for mm in (self._prod_mm, self._cons_mm):
            try:
                mm.close()
            except BufferError:
                # A caller kept a view of the data: the mapping goes away
                # when that view does.
                pass

    def __enter__(self) -> RingBuffer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
