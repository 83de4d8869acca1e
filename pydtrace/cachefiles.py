"""Files pydtrace keeps between runs to start faster (never needed to work).

Everything here fails quietly: a cache that is missing, unreadable, owned by
someone else or writable by others is not read, and one that cannot be
written is not written; the caller then computes what it wanted afresh.

Location: ``$PYDTRACE_CACHE_DIR`` (empty: no cache), else
``$XDG_CACHE_HOME/pydtrace``, else ``~/.cache/pydtrace``.
"""

from __future__ import annotations

import os


def cache_dir() -> str | None:
    """The cache directory, or None when caching is turned off."""
    where = os.environ.get("PYDTRACE_CACHE_DIR")
    if where is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(
            os.path.expanduser("~"), ".cache")
        where = os.path.join(base, "pydtrace")
    if not where or not os.path.isabs(where):
        return None
    return where


def cache_file(name: str) -> str | None:
    where = cache_dir()
    return os.path.join(where, name) if where is not None else None


def _trusted(st: os.stat_result) -> bool:
    """Only what this user owns and no one else can write is read back."""
    return st.st_uid == os.geteuid() and not st.st_mode & 0o022


def read_trusted(path: str) -> bytes | None:
    """The file's bytes, or None if it is absent or cannot be trusted."""
    try:
        if not _trusted(os.stat(os.path.dirname(path))):
            return None
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        if not _trusted(os.fstat(fd)):
            return None
        with os.fdopen(fd, "rb") as f:
            fd = -1
            return f.read()
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)


def writable(path: str) -> bool:
    """Whether the cache file can be written (its directory made if need be);
    asked before the work of producing what would be written."""
    directory = os.path.dirname(path)
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        return _trusted(os.stat(directory)) and os.access(directory, os.W_OK)
    except OSError:
        return False


def write_atomic(path: str, data: bytes) -> None:
    """Replace the file with ``data``: readers see the old or the new one whole."""
    tmp = f"{path}.{os.getpid()}.tmp"
    if not writable(path):
        return
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                     0o600)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass
