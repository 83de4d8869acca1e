"""Errors a user can cause, each printed as one dtrace-style line.

The CLI catches :class:`DTraceError` and prints ``dtrace: <message>``; nothing
else is allowed to reach the user as a traceback.
"""

from __future__ import annotations


class DTraceError(Exception):
    """A user-visible error.  ``str(err)`` is the text after ``dtrace: ``."""

    exit_status = 1

    def __init__(self, message: str, tag: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        #: DTrace's D_* error tag, printed under ``-x errtags``.
        self.tag = tag


class UsageError(DTraceError):
    """A bad command line: DTrace exits with status 2 for these."""

    exit_status = 2


class CompileError(DTraceError):
    """A D compile error at a source line.

    ``line`` is the script line (0 when unknown); ``region`` is DTrace's
    context word ("predicate", "action list", ...) when it has one.
    """

    def __init__(
        self, message: str, tag: str | None = None, line: int = 0, region: str | None = None
    ) -> None:
        super().__init__(message, tag)
        self.line = line
        self.region = region
