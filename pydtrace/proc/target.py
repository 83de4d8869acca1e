"""Processes dtrace watches: -c (started by us) and -p (grabbed).

A -c command is forked and held before exec until tracing is enabled, so no
probe it triggers is missed; dtrace ends when it exits, as DTrace does.
"""

from __future__ import annotations

import os
import select
import shlex
import shutil


class Target:
    def __init__(self, pid: int, child: bool, release_fd: int | None = None) -> None:
        self.pid = pid
        self.child = child
        self._release_fd = release_fd
        self.exited = False
        self.status: int | None = None
        self._pidfd: int | None = None
        #: the file a -c command execs (None for -p, or when it is not found)
        self.program: str | None = None

    @classmethod
    def spawn(cls, command: str) -> Target:
        """Fork ``command`` (split like a shell would), held until release()."""
        argv = shlex.split(command)
        if not argv:
            raise ValueError("empty command")
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: wait for the go-ahead, then exec
            try:
                os.close(w)
                if os.read(r, 1) != b"g":  # dtrace gave up before tracing
                    os._exit(127)
                os.close(r)
                os.execvp(argv[0], argv)
            except OSError as exc:
                os.write(2, f"dtrace: failed to execute {argv[0]}: {exc.strerror}\n".encode())
            finally:
                os._exit(127)
        os.close(r)
        target = cls(pid, True, w)
        found = shutil.which(argv[0]) if "/" not in argv[0] else argv[0]
        if found and os.path.isfile(found):
            target.program = os.path.realpath(found)
        return target

    @classmethod
    def grab(cls, pid: int) -> Target:
        # a pidfd turns readable when the process exits, even if nobody reaps it
        t = cls(pid, False)
        t._pidfd = os.pidfd_open(pid)  # ProcessLookupError when there is none
        return t

    def release(self) -> None:
        if self._release_fd is not None:
            os.write(self._release_fd, b"g")
            os.close(self._release_fd)
            self._release_fd = None

    def poll(self) -> bool:
        """True once the process has exited."""
        if self.exited:
            return True
        if self.child:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.exited, self.status = True, status
        elif self._pidfd is not None:
            ready, _, _ = select.select([self._pidfd], [], [], 0)
            if ready:
                self.exited = True
                os.close(self._pidfd)
                self._pidfd = None
        return self.exited

    def close(self) -> None:
        if self._pidfd is not None:
            os.close(self._pidfd)
            self._pidfd = None

    def kill(self) -> None:
        """A command dtrace started does not outlive it (as in DTrace)."""
        if self.child and not self.exited:
            if self._release_fd is not None:
                os.close(self._release_fd)
                self._release_fd = None
            else:
                try:
                    os.kill(self.pid, 9)
                except ProcessLookupError:
                    pass
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.exited = True
