"""BTF function info for programs that hand a subprogram to a helper.

The verifier accepts a callback (bpf_loop's, for chill()) only in a program
that describes its subprograms with BTF: one FUNC per subprogram start.  The
smallest such BTF is one prototype, ``void (void)``, and one static FUNC
using it, which every subprogram may share.
"""

from __future__ import annotations

import os
import struct

from .progs import btf_load

BTF_MAGIC = 0xEB9F
KIND_FUNC, KIND_FUNC_PROTO = 12, 13
_HEADER = struct.Struct("<HBBIIIII")
_TYPE = struct.Struct("<III")
_INFO = struct.Struct("<II")
FUNC_TYPE_ID = 2


def _blob() -> bytes:
    strings = b"\0dt_sub\0"
    types = _TYPE.pack(0, KIND_FUNC_PROTO << 24, 0)  # [1] void (void)
    types += _TYPE.pack(1, KIND_FUNC << 24, 1)  # [2] static dt_sub, of type [1]
    return _HEADER.pack(BTF_MAGIC, 1, 0, _HEADER.size, 0, len(types), len(types),
                        len(strings)) + types + strings


class FuncInfo:
    """The loaded BTF and the func_info records for one program."""

    def __init__(self, starts: list[int]) -> None:
        self.btf_fd = btf_load(_blob())
        self.records = b"".join(_INFO.pack(s, FUNC_TYPE_ID) for s in sorted(set(starts)))
        self.count = len(set(starts))

    def close(self) -> None:
        os.close(self.btf_fd)
