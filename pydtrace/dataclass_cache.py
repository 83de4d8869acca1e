"""Compiled dataclass methods, kept across runs.

``@dataclass`` writes the source of each class's ``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, ``__setattr__``... and compiles it with ``exec``
when the class is created.  pydtrace defines over a hundred dataclasses, and
compiling their methods is most of what importing it costs (~45 ms of ~90 ms
on a small VM), every time dtrace starts.  The compiled code depends only on
that source text and the interpreter, so it is cached here: a marshalled
``{source text: code object}`` file under the user's cache directory.

The classes stay real dataclasses: the decorator runs exactly as before, and
only its ``exec(text, globals, ns)`` of a text seen before skips the
compilation.  Anything unusual (a cache that does not load, belongs to
someone else or cannot be written: see cachefiles) means compiling as usual,
never an error.
"""

from __future__ import annotations

import atexit
import builtins
import dataclasses
import marshal
import sys
from types import CodeType

from .cachefiles import cache_file, read_trusted, writable, write_atomic

#: a cache written by another interpreter build is not read
_HEADER = f"pydtrace dataclass code, {sys.version}\n".encode()
#: entries kept at most: beyond, only those the last run used are written
MAX_ENTRIES = 4096


class CodeCache:
    """Source text -> compiled code, read from and written back to ``path``."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.code: dict[str, CodeType] = {}
        self.used: set[str] = set()
        self.dirty = False
        if path is not None:
            self.code = _read(path)

    def exec(self, source: object, globals: dict | None = None,
             locals: dict | None = None) -> None:
        """``exec`` as the dataclasses module calls it, for pydtrace's classes."""
        if not isinstance(source, str) or not _ours(globals):
            builtins.exec(source, globals, locals)  # type: ignore[arg-type]
            return
        code = self.code.get(source)
        if code is None:
            # what exec(source) does: no __future__ flags of this module
            code = compile(source, "<string>", "exec", dont_inherit=True)
            self.code[source] = code
            self.dirty = True
        self.used.add(source)
        builtins.exec(code, globals, locals)

    def save(self) -> None:
        """Write the cache if this run compiled something new."""
        if not self.dirty or self.path is None:
            return
        self.dirty = False
        if not writable(self.path):
            return
        keep = self.code
        if len(keep) > MAX_ENTRIES:
            keep = {k: v for k, v in keep.items() if k in self.used}
        try:
            data = _HEADER + marshal.dumps(keep)
        except ValueError:
            return
        write_atomic(self.path, data)


def _ours(globals: dict | None) -> bool:
    """Only pydtrace's classes: code of other programs' classes is not kept."""
    return globals is not None and str(globals.get("__name__", "")).startswith("pydtrace.")


def _read(path: str) -> dict[str, CodeType]:
    data = read_trusted(path)
    if data is None or not data.startswith(_HEADER):
        return {}
    try:
        table = marshal.loads(memoryview(data)[len(_HEADER):])
    except (ValueError, EOFError, TypeError):
        return {}
    if not isinstance(table, dict) or not all(
            isinstance(k, str) and isinstance(v, CodeType) for k, v in table.items()):
        return {}
    return table


def cache_path() -> str | None:
    """Where the cache file lives, or None when caching is turned off."""
    return cache_file(f"dataclasses-{sys.implementation.cache_tag}.marshal")


_installed: CodeCache | None = None


def install() -> CodeCache:
    """Route the dataclasses module's exec through the cache (once per process)."""
    global _installed
    if _installed is None:
        _installed = CodeCache(cache_path())
        # the module looks exec up in its globals before the builtins
        dataclasses.exec = _installed.exec  # type: ignore[attr-defined]
        # the dtrace command leaves with os._exit() and calls save() itself
        atexit.register(_installed.save)
    return _installed


def save() -> None:
    if _installed is not None:
        _installed.save()
