"""pydtrace: DTrace for Linux, written in Python, running on BPF."""

from . import dataclass_cache

__version__ = "0.1.0"

# before any of pydtrace's dataclasses is made
dataclass_cache.install()


def __getattr__(name: str) -> object:
    # Session is imported lazily so `dtrace -V` and errors stay fast to start.
    if name in ("Session", "Record", "Action", "Fault"):
        from . import session

        return getattr(session, name)
    if name == "Options":
        from .options import Options

        return Options
    raise AttributeError(name)
