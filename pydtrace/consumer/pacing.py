"""When the consumer does its periodic work: DTrace's rate options.

DTrace's consumer loop (Oracle DTrace 2.x: dtrace_work(), dtrace_status(),
dtrace_consume(), dtrace_aggregate_snap()) keeps one clock per kind of work.
Each clock moves on by its interval, not to "now", so the work keeps a
steady pace however late a pass comes:

switchrate
    How often the principal buffer is read.  Unset (DTrace 2.x's default)
    the consumer sleeps until records arrive and reads them at once.  Set,
    records wait in the buffer between reads; a buffer too small for that
    long drops records, as in DTrace.
statusrate
    How often status is read, once a second by default: drops of every kind
    are reported then, and DTrace notices then that exit() was called (or
    that a fill buffer filled).  pydtrace sees exit()'s own record as soon as
    it is read, so it ends at once unless statusrate was set: then, as in
    DTrace, END fires at the first status read after exit().
aggrate
    How often aggregations are read from the kernel; printa() prints the
    latest reading.  Unset (DTrace 2.x's default, 0) they are read whenever
    printa() needs them, which is what reading them at every buffer read
    shows.  Tracing stopping, and BEGIN's records, force a fresh reading.
cleanrate
    How often DTrace 1.x swept dead dynamic variables.  BPF hash maps free an
    element when it is deleted, so there is nothing to sweep: like DTrace 2.x,
    pydtrace accepts the option and does nothing with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..options import Options

NANOSEC = 1_000_000_000


@dataclass
class RateClock:
    """Work due every ``options[name]`` nanoseconds: due at the first reading,
    then once per interval.  The interval is read each time, because setopt()
    may change aggrate and switchrate while tracing."""

    options: Options
    name: str
    last: float | None = None

    @property
    def interval(self) -> float:
        return self.options.int(self.name) / NANOSEC

    @property
    def set(self) -> bool:
        """Whether the program or the command line gave this rate."""
        return self.name in self.options.given and self.interval > 0

    def due(self, now: float) -> bool:
        """Whether the work is due at ``now``; if so it counts as done."""
        interval = self.interval
        if self.last is None or interval <= 0:
            self.last = now
            return True
        if now - self.last < interval:
            return False
        self.last += interval
        return True

    def wait(self, now: float) -> float:
        """Seconds until the work is due (0 if it is)."""
        if self.last is None:
            return 0.0
        return max(0.0, self.last + self.interval - now)

    def restart(self) -> None:
        """Make the work due at the next reading, and count from there."""
        self.last = None
