"""Maps of every type pydtrace uses, against the real kernel."""

from __future__ import annotations

import errno
import os
import struct
from collections.abc import Callable

import pytest

from pydtrace.bpf import (
    BPF_EXIST,
    BPF_NOEXIST,
    BpfError,
    Map,
    MapType,
    online_cpus,
    possible_cpus,
)
from pydtrace.bpf.maps import _parse_cpu_list


def k32(i: int) -> bytes:
    return struct.pack("<I", i)


def v64(i: int) -> bytes:
    return struct.pack("<Q", i)


def test_cpu_lists() -> None:
    assert _parse_cpu_list("0-3,5,7-8\n") == [0, 1, 2, 3, 5, 7, 8]
    assert _parse_cpu_list("0\n") == [0]
    assert possible_cpus()[0] == 0
    assert set(online_cpus()) <= set(possible_cpus())


def test_create_attributes_and_close() -> None:
    m = Map.create(MapType.HASH, 4, 8, 16, name="dtrace-with:odd chars and long")
    assert (m.map_type, m.key_size, m.value_size, m.max_entries) == (MapType.HASH, 4, 8, 16)
    fd = m.fd
    os.fstat(fd)
    m.close()
    assert m.fd == -1
    with pytest.raises(OSError):
        os.fstat(fd)
    m.close()  # idempotent


def test_create_error_names_command() -> None:
    with pytest.raises(BpfError) as info:
        Map.create(MapType.ARRAY, 4, 8, 0, name="empty")
    assert info.value.errno == errno.EINVAL
    assert "BPF_MAP_CREATE(empty)" in str(info.value)


def test_array() -> None:
    with Map.create(MapType.ARRAY, 4, 8, 4, name="arr") as m:
        assert m.lookup(k32(2)) == v64(0)  # arrays are preallocated, zeroed
        m.update(k32(2), v64(42))
        assert m.lookup(k32(2)) == v64(42)
        assert m.lookup(k32(9)) is None
        assert list(m.keys()) == [k32(i) for i in range(4)]
        assert dict(m.lookup_batch()) == {k32(i): v64(42 if i == 2 else 0) for i in range(4)}
        with pytest.raises(BpfError) as info:
            m.delete(k32(2))  # array elements cannot be deleted
        assert info.value.errno == errno.EINVAL
        with pytest.raises(BpfError):
            m.update(k32(1), v64(1), BPF_NOEXIST)  # every array element exists


def test_hash() -> None:
    with Map.create(MapType.HASH, 4, 8, 64, name="hash") as m:
        assert m.lookup(k32(1)) is None
        assert list(m.keys()) == []
        assert m.lookup_batch() == []
        for i in range(50):
            m.update(k32(i), v64(i * i))
        assert m.lookup(k32(7)) == v64(49)
        assert sorted(m.keys()) == sorted(k32(i) for i in range(50))
        assert dict(m.lookup_batch()) == {k32(i): v64(i * i) for i in range(50)}
        assert m.delete(k32(7)) is True
        assert m.delete(k32(7)) is False
        assert m.lookup(k32(7)) is None
        with pytest.raises(BpfError) as info:
            m.update(k32(8), v64(0), BPF_NOEXIST)
        assert info.value.errno == errno.EEXIST
        with pytest.raises(BpfError) as info:
            m.update(k32(1000), v64(0), BPF_EXIST)
        assert info.value.errno == errno.ENOENT


def test_hash_full() -> None:
    with Map.create(MapType.HASH, 4, 8, 2) as m:
        m.update(k32(1), v64(1))
        m.update(k32(2), v64(2))
        with pytest.raises(BpfError) as info:
            m.update(k32(3), v64(3))
        assert info.value.errno == errno.E2BIG


def test_keys_survive_deletion_during_iteration() -> None:
    with Map.create(MapType.HASH, 8, 8, 512) as m:
        for i in range(300):
            m.update(v64(i), v64(i))
        seen = []
        for key in m.keys():
            seen.append(key)
            m.delete(key)  # the key the kernel would continue from
        assert sorted(seen) == sorted(v64(i) for i in range(300))
        assert list(m.keys()) == []


def test_keys_survive_deletion_of_next_key() -> None:
    """Deleting the *next* key makes the kernel restart from the first key:
    keys already seen must not come back, and the walk must end."""
    with Map.create(MapType.HASH, 8, 8, 512) as m:
        for i in range(100):
            m.update(v64(i), v64(i))
        seen: list[bytes] = []
        deleted: set[bytes] = set()
        it = m.keys()
        for key in it:
            seen.append(key)
            for other in list(m.keys())[:3]:
                if other not in seen and len(deleted) < 30:
                    m.delete(other)
                    deleted.add(other)
        assert len(seen) == len(set(seen))
        assert set(seen) | deleted == {v64(i) for i in range(100)}


def test_batch_bigger_than_chunk() -> None:
    with Map.create(MapType.HASH, 4, 4, 5000) as m:
        for i in range(3000):
            m.update(k32(i), k32(i + 1))
        got = m.lookup_batch()
        assert len(got) == 3000
        assert dict(got) == {k32(i): k32(i + 1) for i in range(3000)}


def test_batch_falls_back_when_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with Map.create(MapType.HASH, 4, 4, 8) as m:
        m.update(k32(1), k32(2))

        def refuse() -> list[tuple[bytes, bytes]]:
            raise BpfError(errno.EINVAL, "BPF_MAP_LOOKUP_BATCH")

        monkeypatch.setattr(m, "_lookup_batch", refuse)
        assert m.lookup_batch() == [(k32(1), k32(2))]


@pytest.mark.parametrize("map_type", [MapType.PERCPU_ARRAY, MapType.PERCPU_HASH])
def test_percpu(map_type: MapType) -> None:
    ncpu = len(possible_cpus())
    # value_size 12 pads to 16 per CPU in the kernel's buffer.
    with Map.create(map_type, 4, 12, 8, name="percpu") as m:
        assert m.value_buf_size == 16 * ncpu
        per_cpu = [bytes([c + 1]) * 12 for c in range(ncpu)]
        raw = b"".join(v + b"\0" * 4 for v in per_cpu)
        m.update(k32(3), raw)
        assert m.lookup(k32(3)) == raw
        assert m.lookup_percpu(k32(3)) == per_cpu
        m.update(k32(4), b"x" * 12)  # one value: the same on every CPU
        assert m.lookup_percpu(k32(4)) == [b"x" * 12] * ncpu
        got = dict(m.lookup_batch_percpu())
        assert got[k32(3)] == per_cpu
        assert got[k32(4)] == [b"x" * 12] * ncpu
        if map_type == MapType.PERCPU_HASH:
            assert set(got) == {k32(3), k32(4)}
            assert m.lookup_percpu(k32(5)) is None
        else:
            assert len(got) == 8
            assert got[k32(0)] == [b"\0" * 12] * ncpu


def test_sizes_are_checked() -> None:
    with Map.create(MapType.HASH, 4, 8, 4) as m:
        with pytest.raises(ValueError):
            m.lookup(b"abc")
        with pytest.raises(ValueError):
            m.update(k32(1), b"short")


def test_freeze() -> None:
    with Map.create(MapType.ARRAY, 4, 4, 1) as m:
        m.update(k32(0), k32(5))
        m.freeze()
        with pytest.raises(BpfError) as info:
            m.update(k32(0), k32(6))
        assert info.value.errno == errno.EPERM
        assert m.lookup(k32(0)) == k32(5)


def test_ringbuf_map_has_no_elements() -> None:
    with Map.create(MapType.RINGBUF, 0, 0, 4096, name="rb") as m:
        assert m.max_entries == 4096
        with pytest.raises(BpfError):
            m.lookup(b"")


@pytest.mark.parametrize(
    "make", [lambda: Map.create(MapType.ARRAY, 4, 4, 1), lambda: Map.create(MapType.HASH, 4, 4, 1)]
)
def test_gc_closes_forgotten_map(make: Callable[[], Map]) -> None:
    m = make()
    fd = m.fd
    del m
    with pytest.raises(OSError):
        os.fstat(fd)
