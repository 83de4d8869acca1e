"""Can this process use BPF at all?  Answered once, before anything else, so
the user gets DTrace's one-line complaint instead of a stack of bpf(2)
errors."""

from __future__ import annotations

import errno
import os

from pydtrace.bpf.consts import MapType
from pydtrace.bpf.maps import Map
from pydtrace.bpf.syscall import BpfError
from pydtrace.errors import DTraceError

#: What Oracle's and illumos' dtrace(1) print without privileges.
NO_PRIVILEGES = "failed to initialize dtrace: DTrace requires additional privileges"


def check_bpf_available() -> None:
    """Raise DTraceError unless bpf(2) works for this process.

    Creating (and closing) a one-entry array map exercises the syscall, the
    capability checks and the kernel's BPF support in one go.
    """
    if os.geteuid() != 0:
        raise DTraceError(NO_PRIVILEGES)
    try:
        Map.create(MapType.ARRAY, 4, 4, 1, name="dtrace_probe").close()
    except BpfError as e:
        if e.errno in (errno.EPERM, errno.EACCES):
            raise DTraceError(NO_PRIVILEGES) from None
        if e.errno == errno.ENOSYS:
            raise DTraceError(
                "failed to initialize dtrace: this kernel does not support BPF"
            ) from None
        raise DTraceError(f"failed to initialize dtrace: {e.strerror}") from None
