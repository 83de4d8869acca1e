"""The cache of compiled dataclass methods: same classes, safe to lose."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from pydtrace import dataclass_cache
from pydtrace.dataclass_cache import CodeCache
from pydtrace.lang import ast

INIT = "def __create_fn__():\n def f(self, x):\n  return x + 1\n return f\n"
OURS = {"__name__": "pydtrace.example"}


def make(cache: CodeCache, source: str = INIT) -> object:
    ns: dict = {}
    cache.exec(source, dict(OURS), ns)
    return ns["__create_fn__"]()


def test_code_is_compiled_once_and_read_back(tmp_path: Path) -> None:
    path = str(tmp_path / "c.marshal")
    first = CodeCache(path)
    assert make(first)(None, 1) == 2  # type: ignore[operator]
    assert first.dirty
    first.save()
    assert not first.dirty
    assert os.stat(path).st_mode & 0o777 == 0o600
    second = CodeCache(path)
    assert list(second.code) == [INIT]
    assert make(second)(None, 41) == 42  # type: ignore[operator]
    assert not second.dirty  # nothing new: the file is not rewritten


@pytest.mark.parametrize("content", [b"", b"garbage", b"pydtrace dataclass code, 0.0\n",
                                     dataclass_cache._HEADER + b"\xff\x00"])
def test_a_bad_cache_is_rebuilt(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "c.marshal"
    path.write_bytes(content)
    path.chmod(0o600)
    cache = CodeCache(str(path))
    assert cache.code == {}
    assert make(cache)(None, 1) == 2  # type: ignore[operator]
    cache.save()
    assert list(CodeCache(str(path)).code) == [INIT]


def test_a_cache_others_can_write_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "c.marshal"
    cache = CodeCache(str(path))
    make(cache)
    cache.save()
    path.chmod(0o666)
    assert CodeCache(str(path)).code == {}


def test_an_unwritable_place_means_no_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = CodeCache(str(blocker / "sub" / "c.marshal"))
    assert make(cache)(None, 1) == 2  # type: ignore[operator]
    cache.save()  # no error
    assert list(tmp_path.iterdir()) == [blocker]


def test_other_programs_classes_are_not_kept(tmp_path: Path) -> None:
    cache = CodeCache(str(tmp_path / "c.marshal"))
    ns: dict = {}
    cache.exec(INIT, {"__name__": "someone_else"}, ns)
    assert ns["__create_fn__"]()(None, 1) == 2
    assert cache.code == {} and not cache.dirty


def test_cache_location(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYDTRACE_CACHE_DIR", "")
    assert dataclass_cache.cache_path() is None
    monkeypatch.setenv("PYDTRACE_CACHE_DIR", "/var/tmp/x")
    assert dataclass_cache.cache_path().startswith("/var/tmp/x/dataclasses-")  # type: ignore[union-attr]
    monkeypatch.delenv("PYDTRACE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/var/tmp/y")
    assert dataclass_cache.cache_path().startswith("/var/tmp/y/pydtrace/")  # type: ignore[union-attr]


def test_nodes_are_still_frozen_dataclasses() -> None:
    # the package routes dataclasses' exec through the cache on import
    assert dataclass_cache._installed is not None
    assert dataclasses.exec == dataclass_cache._installed.exec  # type: ignore[attr-defined]
    node = ast.Ident(3, "x")
    assert node == ast.Ident(3, "x") and hash(node) == hash(ast.Ident(3, "x"))
    assert repr(node).startswith("Ident(line=3, name='x'")
    assert [f.name for f in dataclasses.fields(node)][:2] == ["line", "name"]
    assert dataclasses.replace(node, name="y") == ast.Ident(3, "y")
    with pytest.raises(dataclasses.FrozenInstanceError):
        node.name = "z"  # type: ignore[misc]
