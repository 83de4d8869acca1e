"""BPF programs: load (with the verifier's log on failure), test-run, attach
through raw tracepoints and links, pin; and BTF loading."""

from __future__ import annotations

import ctypes
import errno
import re
import struct
from collections.abc import Callable, Sequence

from pydtrace.bpf.consts import AttachType, Cmd, ProgType
from pydtrace.bpf.maps import sanitize_name
from pydtrace.bpf.syscall import (
    BpfError,
    BtfLoadAttr,
    FdAttr,
    LinkCreateAttr,
    ObjAttr,
    ProgLoadAttr,
    RawTracepointAttr,
    TestRunAttr,
    addr,
    bpf,
)

# The verifier log starts at this size and grows (or jumps to the size the
# kernel says it needed) up to LOG_MAX when the kernel reports ENOSPC.
LOG_START = 256 * 1024
LOG_MAX = 16 * 1024 * 1024

# Verifier bookkeeping lines that close a log and never name the failure.
_NOISE = re.compile(
    r"^(processed \d+ insns|verification time|stack depth|"
    r"-- END PROG LOAD LOG --|max_states_per_insn)"
)
# A line echoing an instruction: "12: (85) call bpf_map_lookup_elem#1".
_INSN_LINE = re.compile(r"^\d+: \([0-9a-f]{2}\)")


class VerifierError(BpfError):
    """The verifier refused a program.  ``log`` holds its whole log."""

    def __init__(self, err: int, log: str, name: str = "") -> None:
        self.log = log
        cmd = f"BPF_PROG_LOAD({name})" if name else "BPF_PROG_LOAD"
        super().__init__(err, cmd, self.summary(1))

    def summary(self, max_lines: int = 3) -> str:
        """The verifier's reason: the last meaningful lines of the log (the
        failing instruction and the message naming the failure)."""
        lines = [ln.rstrip() for ln in self.log.splitlines()]
        lines = [ln for ln in lines if ln and not _NOISE.match(ln)]
        if not lines:
            return ""
        if max_lines == 1:
            # The reason is the last line that is not an echoed instruction.
            for ln in reversed(lines):
                if not _INSN_LINE.match(ln):
                    return ln
            return lines[-1]
        tail = lines[-max_lines:]
        # Start at the failing instruction when it is in view: the register
        # state lines before it are noise for a summary.
        for i in range(len(tail) - 1, -1, -1):
            if _INSN_LINE.match(tail[i]):
                return "\n".join(tail[i:])
        return "\n".join(tail)


def _load(attr: ProgLoadAttr) -> tuple[int, int]:
    """One BPF_PROG_LOAD; (fd, 0) or (-1, errno)."""
    try:
        return bpf(Cmd.PROG_LOAD, attr), 0
    except BpfError as e:
        return -1, e.errno or errno.EINVAL


def prog_load(
    prog_type: ProgType,
    insns: bytes,
    *,
    license: str = "GPL",
    name: str = "",
    expected_attach_type: AttachType | None = None,
    flags: int = 0,
    log_level: int = 0,
    attach_btf_id: int = 0,
    func_info: object = None,
    log_sink: Callable[[str], None] | None = None,
) -> int:
    """Load a program (``insns``: 8 bytes per instruction); return its fd.

    The first attempt runs without a log (the log makes the verifier slower
    and large programs are common); on failure the load is repeated with
    ``log_level`` 1 (or the one given) and :class:`VerifierError` carries the
    log.  Failures with an empty log (bad attributes, no privileges) raise a
    plain :class:`BpfError`.  With ``log_sink`` the program is loaded with the
    log from the start and the verifier's log of a successful load goes to it.
    """
    if len(insns) % 8:
        raise ValueError(f"program {name!r}: {len(insns)} bytes is not whole instructions")
    lic = license.encode() + b"\0"
    attr = ProgLoadAttr(
        prog_type=prog_type,
        insn_cnt=len(insns) // 8,
        insns=addr(insns),
        license=addr(lic),
        prog_flags=flags,
        prog_name=sanitize_name(name),
        expected_attach_type=0 if expected_attach_type is None else expected_attach_type,
        attach_btf_id=attach_btf_id,
    )
    if func_info is not None:  # a funcinfo.FuncInfo: the program has a callback
        attr.prog_btf_fd = func_info.btf_fd  # type: ignore[attr-defined]
        attr.func_info_rec_size = 8
        attr.func_info = addr(func_info.records)  # type: ignore[attr-defined]
        attr.func_info_cnt = func_info.count  # type: ignore[attr-defined]
    if not log_level and log_sink is None:
        fd, err = _load(attr)
        if fd >= 0:
            return fd
    size, level = LOG_START, log_level or 1
    while True:
        log = ctypes.create_string_buffer(size)
        attr.log_level, attr.log_size, attr.log_buf = level, size, addr(log)
        attr.log_true_size = 0
        fd, err = _load(attr)
        if fd >= 0:  # passed this time (e.g. a transient EAGAIN/ENOMEM)
            if log_sink is not None:
                log_sink(log.value.decode(errors="replace"))
            return fd
        if err != errno.ENOSPC or size >= LOG_MAX:
            break
        # The kernel (6.4+) tells the size it needed; older ones don't.
        size = min(LOG_MAX, max(size * 4, attr.log_true_size + 1))
    text = log.value.decode(errors="replace")
    if not text.strip():
        raise BpfError(err, f"BPF_PROG_LOAD({name})" if name else "BPF_PROG_LOAD")
    raise VerifierError(err, text, name)


def prog_test_run(
    prog_fd: int,
    ctx_in: bytes | Sequence[int] = b"",
    data_in: bytes = b"",
    repeat: int = 1,
) -> int:
    """Run a loaded program once (or ``repeat`` times); return its r0.

    For a RAW_TRACEPOINT program ``ctx_in`` is the argument array (u64 each;
    a sequence of ints is packed for you) and the program runs synchronously
    in the calling thread, so helpers like bpf_get_current_pid_tgid() see the
    caller.  Raw tracepoint programs accept no ``data_in`` and ``repeat``.
    """
    if not isinstance(ctx_in, bytes | bytearray):
        ctx_in = struct.pack(f"<{len(ctx_in)}Q", *(v & 0xFFFF_FFFF_FFFF_FFFF for v in ctx_in))
    ctx_b, data_b = bytes(ctx_in), bytes(data_in)
    attr = TestRunAttr(
        prog_fd=prog_fd,
        repeat=repeat if repeat != 1 else 0,
        ctx_in=addr(ctx_b) if ctx_b else 0,
        ctx_size_in=len(ctx_b),
        data_in=addr(data_b) if data_b else 0,
        data_size_in=len(data_b),
    )
    bpf(Cmd.PROG_TEST_RUN, attr)
    return attr.retval


def raw_tracepoint_open(name: str, prog_fd: int) -> int:
    """Attach a RAW_TRACEPOINT program to the raw tracepoint ``name``
    (e.g. "sched_switch"); return the link fd (closing it detaches)."""
    cname = name.encode() + b"\0"
    return bpf(
        Cmd.RAW_TRACEPOINT_OPEN,
        RawTracepointAttr(name=addr(cname), prog_fd=prog_fd),
        name=f"BPF_RAW_TRACEPOINT_OPEN({name})",
    )


def link_create(
    prog_fd: int,
    target_fd: int,
    attach_type: AttachType,
    *,
    flags: int = 0,
    bpf_cookie: int = 0,
) -> int:
    """BPF_LINK_CREATE; for AttachType.PERF_EVENT ``target_fd`` is a perf
    event fd and ``bpf_cookie`` is what bpf_get_attach_cookie() returns.
    Return the link fd (closing it detaches)."""
    attr = LinkCreateAttr(prog_fd=prog_fd, target_fd=target_fd, attach_type=attach_type)
    attr.flags = flags
    if attach_type == AttachType.PERF_EVENT:
        attr.opts.perf_event.bpf_cookie = bpf_cookie
    return bpf(Cmd.LINK_CREATE, attr, name=f"BPF_LINK_CREATE({AttachType(attach_type).name})")


def uprobe_multi_link_create(
    prog_fd: int,
    path: str,
    offsets: Sequence[int],
    *,
    retprobe: bool = False,
    pid: int = 0,
    cookies: Sequence[int] | None = None,
    ref_ctr_offsets: Sequence[int] | None = None,
) -> int:
    """Attach a KPROBE-type program loaded with expected_attach_type
    TRACE_UPROBE_MULTI to many offsets of one binary in one call."""
    n = len(offsets)
    cpath = path.encode() + b"\0"
    offs = struct.pack(f"<{n}Q", *offsets)
    cks = struct.pack(f"<{n}Q", *cookies) if cookies else b""
    refs = struct.pack(f"<{n}Q", *ref_ctr_offsets) if ref_ctr_offsets else b""
    attr = LinkCreateAttr(prog_fd=prog_fd, target_fd=0, attach_type=AttachType.TRACE_UPROBE_MULTI)
    um = attr.opts.uprobe_multi
    um.path, um.offsets, um.cnt, um.pid = addr(cpath), addr(offs), n, pid
    um.cookies = addr(cks) if cks else 0
    um.ref_ctr_offsets = addr(refs) if refs else 0
    um.flags = 1 if retprobe else 0  # BPF_F_UPROBE_MULTI_RETURN
    return bpf(Cmd.LINK_CREATE, attr, name=f"BPF_LINK_CREATE(uprobe_multi {path})")


def link_detach(link_fd: int) -> None:
    """Detach a link without closing its fd."""
    bpf(Cmd.LINK_DETACH, FdAttr(fd=link_fd))


def obj_pin(fd: int, path: str) -> None:
    """Pin a map/program/link at ``path`` in a bpffs."""
    cpath = path.encode() + b"\0"
    bpf(Cmd.OBJ_PIN, ObjAttr(pathname=addr(cpath), bpf_fd=fd), name=f"BPF_OBJ_PIN({path})")


def obj_get(path: str, file_flags: int = 0) -> int:
    """Open the object pinned at ``path``; return a new fd."""
    cpath = path.encode() + b"\0"
    return bpf(
        Cmd.OBJ_GET,
        ObjAttr(pathname=addr(cpath), file_flags=file_flags),
        name=f"BPF_OBJ_GET({path})",
    )


class BtfError(BpfError):
    """The kernel refused a BTF blob; ``log`` holds its explanation."""

    def __init__(self, err: int, log: str) -> None:
        self.log = log
        last = log.strip().splitlines()[-1] if log.strip() else ""
        super().__init__(err, "BPF_BTF_LOAD", last)


def btf_load(data: bytes, *, log_level: int = 0) -> int:
    """Load raw BTF (header + types + strings); return its fd.  On failure
    the load is repeated with a log, carried by :class:`BtfError`."""
    attr = BtfLoadAttr(btf=addr(data), btf_size=len(data))
    if not log_level:
        try:
            return bpf(Cmd.BTF_LOAD, attr)
        except BpfError:
            pass  # retried below with a log that says why
    log = ctypes.create_string_buffer(LOG_START)
    attr.btf_log_buf, attr.btf_log_size, attr.btf_log_level = addr(log), LOG_START, log_level or 1
    try:
        return bpf(Cmd.BTF_LOAD, attr)
    except BpfError as e:
        raise BtfError(e.errno or errno.EINVAL, log.value.decode(errors="replace")) from None


def object_ids(cmd: Cmd = Cmd.PROG_GET_NEXT_ID) -> list[int]:
    """Ids of every loaded program (or map, link: pass that command)."""
    from .syscall import NextIdAttr

    ids: list[int] = []
    start = 0
    while True:
        attr = NextIdAttr(start_id=start)
        try:
            bpf(cmd, attr)
        except BpfError as exc:
            if exc.errno == errno.ENOENT:
                return ids
            raise
        start = attr.next_id
        ids.append(start)
