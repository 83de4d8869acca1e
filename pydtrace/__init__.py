"""pydtrace: DTrace for Linux, written in Python, running on BPF."""

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # Session is imported lazily so `dtrace -V` and errors stay fast to start.
    if name in ("Session", "Record", "Action", "Fault"):
        from . import session

        return getattr(session, name)
    if name == "Options":
        from .options import Options

        return Options
    raise AttributeError(name)
