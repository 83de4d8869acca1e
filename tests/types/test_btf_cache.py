"""The BTF scan cache: a blob seen before loads the same, a changed or
damaged cache is rebuilt, and no cache at all still works."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_btf_blob import Blob

from pydtrace.types.btf import Btf, Kind, vmlinux


def blob() -> bytes:
    b = Blob()
    i = b.int_("int", 4, 1)
    b.ref(Kind.TYPEDEF, i, "pid_t")
    b.struct("task", 8, [("pid", i, 0, 0), ("tgid", i, 32, 0)])
    b.struct("mm", 4, [("users", i, 0, 0)])
    return b.bytes()


def same(a: Btf, b: Btf) -> None:
    assert list(a._offsets) == list(b._offsets) and a._kinds == b._kinds
    for name, kind in (("task", "struct"), ("mm", "struct"), ("pid_t", "typedef"),
                       ("nope", "struct")):
        assert a.find(name, kind) == b.find(name, kind)
    assert a.names("struct") == b.names("struct") == ["task", "mm"]


def test_scan_and_names_come_back_from_the_cache(tmp_path: Path) -> None:
    path = str(tmp_path / "btf.marshal")
    fresh = Btf(blob())
    first = Btf(blob(), scan_cache=path)
    same(fresh, first)
    second = Btf(blob(), scan_cache=path)
    assert second._scan_cache is not None
    # indexes are decoded when first used
    assert set(second._scan_cache._stored) == {Kind.STRUCT, Kind.TYPEDEF}
    assert second._scan_cache.names == {}
    same(fresh, second)
    assert set(second._scan_cache.names) == {Kind.STRUCT, Kind.TYPEDEF}
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_another_blob_is_scanned_again(tmp_path: Path) -> None:
    path = str(tmp_path / "btf.marshal")
    Btf(blob(), scan_cache=path).find("task", "struct")
    b = Blob()
    b.int_("int", 4, 1)
    b.struct("other", 4, [("x", 1, 0, 0)])
    other = Btf(b.bytes(), scan_cache=path)
    assert other.names("struct") == ["other"] and other.find("task", "struct") is None


@pytest.mark.parametrize("content", [b"", b"junk", b"\xe9\x00\x00"])
def test_a_damaged_cache_is_rebuilt(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "btf.marshal"
    path.write_bytes(content)
    path.chmod(0o600)
    same(Btf(blob()), Btf(blob(), scan_cache=str(path)))
    same(Btf(blob()), Btf(blob(), scan_cache=str(path)))


def test_bad_ids_in_a_cached_index_are_not_used(tmp_path: Path) -> None:
    path = str(tmp_path / "btf.marshal")
    Btf(blob(), scan_cache=path).find("task", "struct")
    cached = Btf(blob(), scan_cache=path)
    assert cached._scan_cache is not None
    cached._scan_cache.names[Kind.STRUCT] = {"task": 10_000}
    assert cached.find("task", "struct") == Btf(blob()).find("task", "struct")


def test_no_cache_where_it_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    btf = Btf(blob(), scan_cache=str(blocker / "btf.marshal"))
    same(Btf(blob()), btf)
    assert list(tmp_path.iterdir()) == [blocker]


def test_vmlinux_uses_the_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PYDTRACE_CACHE_DIR", str(tmp_path))
    if not os.path.exists("/sys/kernel/btf/vmlinux"):
        pytest.skip("kernel has no BTF")
    vmlinux.cache_clear()
    try:
        a = vmlinux()
        task = a.find("task_struct", "struct")
        assert (tmp_path / "btf-vmlinux.marshal").exists()
        vmlinux.cache_clear()
        b = vmlinux()
        assert b._scan_cache is not None and b._scan_cache.offsets is not None
        assert b.find("task_struct", "struct") == task
        assert len(b) == len(a)
    finally:
        vmlinux.cache_clear()
