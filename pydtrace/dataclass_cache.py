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
someone else or cannot be written) means compiling as usual, never an error.

Location: ``$PYDTRACE_CACHE_DIR`` (empty: no cache), else
``$XDG_CACHE_HOME/pydtrace``, else ``~/.cache/pydtrace``.
"""

from __future__ import annotations

import atexit
import builtins
import dataclasses
import marshal
import os
import sys
from types import CodeType

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
        keep = self.code
        if len(keep) > MAX_ENTRIES:
            keep = {k: v for k, v in keep.items() if k in self.used}
        try:
            data = _HEADER + marshal.dumps(keep)
        except ValueError:
            return
        _write(self.path, data)


def _ours(globals: dict | None) -> bool:
    """Only pydtrace's classes: code of other programs' classes is not kept."""
    return globals is not None and str(globals.get("__name__", "")).startswith("pydtrace.")


def _trusted(st: os.stat_result) -> bool:
    """Code is only loaded from what this user owns and no one else can write."""
    return st.st_uid == os.geteuid() and not st.st_mode & 0o022


def _read(path: str) -> dict[str, CodeType]:
    try:
        if not _trusted(os.stat(os.path.dirname(path))):
            return {}
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return {}
    try:
        if not _trusted(os.fstat(fd)):
            return {}
        with os.fdopen(fd, "rb") as f:
            fd = -1
            data = f.read()
    except OSError:
        return {}
    finally:
        if fd >= 0:
            os.close(fd)
    if not data.startswith(_HEADER):
        return {}
    try:
        table = marshal.loads(memoryview(data)[len(_HEADER):])
    except (ValueError, EOFError, TypeError):
        return {}
    if not isinstance(table, dict) or not all(
            isinstance(k, str) and isinstance(v, CodeType) for k, v in table.items()):
        return {}
    return table


def _write(path: str, data: bytes) -> None:
    directory = os.path.dirname(path)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        if not _trusted(os.stat(directory)):
            return
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                     0o600)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            # readers see the old file or the whole new one, never a part
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass


def cache_path() -> str | None:
    """Where the cache file lives, or None when caching is turned off."""
    where = os.environ.get("PYDTRACE_CACHE_DIR")
    if where is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(
            os.path.expanduser("~"), ".cache")
        where = os.path.join(base, "pydtrace")
    if not where or not os.path.isabs(where):
        return None
    return os.path.join(where, f"dataclasses-{sys.implementation.cache_tag}.marshal")


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
