"""pid<PID>:<module>:<function>:entry|return — user functions of one process.

Each probe is a uprobe (or uretprobe) of the uprobe PMU, opened for that
process alone, on the file offset of the function's first instruction.  The
modules are the objects the process maps, by basename, the executable being
``a.out``.  A process dtrace -c started is held before exec: its executable
is the command's file and its libraries those the dynamic linker will load
(``ld.so --list``), so that probes exist before the program runs.

entry: arg0..arg9 are the function's arguments (x86-64 SysV: six in
registers, the rest on the stack);
return: arg0 is 0 and arg1 the return value, as in DTrace on Linux.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass

from ..bpf.consts import Helper, ProgType
from ..bpf.perf import attach_bpf, uprobe_open
from ..bpf.syscall import MACHINE
from ..codegen.asm import DW, R0, R1, R2, R3, R6, R9, Asm, Reg
from ..codegen.context import MS_ARGS
from ..errors import CompileError
from ..lang.probedesc import glob_match
from ..symbols import elf
from .base import Attachment, Probe, ProbeDef, Provider, copy_u64_args, zero_args

PROVIDER_RE = re.compile(r"^pid(\d+)$")
EXECUTABLE = "a.out"
# struct pt_regs (x86-64): rdi, rsi, rdx, rcx, r8, r9, then rax
ARG_OFFSETS = [112, 104, 96, 88, 72, 64]
RAX_OFFSET = 80
RSP_OFFSET = 152
STACK_ARGS = range(6, 10)
PT_INTERP = 3


@dataclass(frozen=True)
class UserFunction:
    path: str
    offset: int


def mapped_objects(pid: int) -> list[tuple[str, str]]:
    """(module name, path) of each file a live process maps, executable first."""
    exe = os.path.realpath(f"/proc/{pid}/exe")
    out = [(EXECUTABLE, exe)]
    seen = {exe}
    with open(f"/proc/{pid}/maps") as f:
        for line in f:
            parts = line.split(None, 5)
            if len(parts) < 6 or not parts[5].startswith("/"):
                continue
            path = parts[5].rstrip("\n")
            if path.endswith(" (deleted)") or path in seen:
                continue
            seen.add(path)
            if not _is_elf(path):  # locale archives, caches: no functions
                continue
            out.append((os.path.basename(path), path))
    return out


def module_names(basename: str) -> list[str]:
    """The names that select an object: ``libc.so.6`` is also ``libc.so`` and ``libc``."""
    names = [basename]
    at = basename.find(".so")
    while at > 0:
        names.append(basename[:at])
        names.append(basename[:at + 3])
        at = basename.find(".so", at + 3)
    return list(dict.fromkeys(names))


def _is_glob(pattern: str) -> bool:
    return bool(set("*?[\\") & set(pattern))


def _check_address_probe(module: str, name: str, line: int) -> None:
    """DTrace's errors for pid<N>:<module>:-:<address>."""
    if module not in ("", EXECUTABLE):
        raise CompileError("only the a.out module is valid with the '-' function",
                           "D_PROC_LIB", line)
    if name == "" or _is_glob(name):
        raise CompileError("only individual addresses may be specified with the '-' function",
                           "D_PROC_NAME", line)


def _is_hex(name: str) -> bool:
    try:
        int(name, 16)
    except ValueError:
        return False
    return True


def _is_elf(path: str) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def linked_objects(program: str) -> list[tuple[str, str]]:
    """(module name, path) of a program not yet run and the libraries it loads."""
    program = _script_interpreter(program) or program
    out = [(EXECUTABLE, program)]
    interp = _interpreter(program)
    if interp is None:  # static: nothing else is mapped
        return out
    try:
        listing = subprocess.run([interp, "--list", program], capture_output=True,
                                 text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        listing = ""
    seen = {program}
    for line in listing.splitlines():
        # "libc.so.6 => /lib/.../libc.so.6 (0x...)" or "/lib64/ld-linux... (0x...)"
        words = line.split()
        path = words[2] if "=>" in words and len(words) > 2 else (words[0] if words else "")
        if path.startswith("/"):
            path = os.path.realpath(path)
            if path not in seen:
                seen.add(path)
                out.append((os.path.basename(path), path))
    return out


def _script_interpreter(program: str) -> str | None:
    """The file a ``#!`` script really runs: that is what exec maps."""
    try:
        with open(program, "rb") as f:
            first = f.readline(256)
    except OSError:
        return None
    words = first[2:].split() if first.startswith(b"#!") else []
    return os.path.realpath(os.fsdecode(words[0])) if words else None


def _interpreter(program: str) -> str | None:
    import struct

    try:
        with open(program, "rb") as f:
            data = f.read(1 << 16)
        phoff, phentsize, phnum = (struct.unpack_from("<16sHHIQQQIHHHHHH", data)[i]
                                   for i in (5, 9, 10))
        for i in range(phnum):
            p_type, _, p_off, _, _, p_filesz, _, _ = struct.unpack_from(
                "<IIQQQQQQ", data, phoff + i * phentsize)
            if p_type == PT_INTERP:
                with open(program, "rb") as f:
                    f.seek(p_off)
                    return f.read(p_filesz).rstrip(b"\0").decode()
    except (OSError, struct.error, UnicodeDecodeError):
        return None
    return None


class PidProvider(Provider):
    """The pid provider of one process; probes are made as descriptions ask."""

    prog_type = ProgType.KPROBE

    def __init__(self, pid: int, held_program: str | None = None) -> None:
        self.name = f"pid{pid}"
        self.pid = pid
        self._held_program = held_program
        self._objects: list[tuple[str, str]] | None = None
        if MACHINE != "x86_64":
            self.unavailable = f"pid provider is not supported on {MACHINE}"

    def objects(self, line: int = 0) -> list[tuple[str, str]]:
        if self._objects is None:
            try:
                self._objects = (linked_objects(self._held_program) if self._held_program
                                 else mapped_objects(self.pid))
            except OSError:
                raise CompileError(f"failed to grab process {self.pid}", "D_PROC_GRAB",
                                   line) from None
        return self._objects

    def probes(self) -> Iterable[ProbeDef]:
        return []

    def on_demand(self, module: str, function: str, name: str, line: int) -> list[ProbeDef]:
        if function == "-":
            _check_address_probe(module, name, line)
            return []  # probes at absolute addresses are not supported
        names = [n for n in ("entry", "return") if name == "" or glob_match(name, n)]
        offset_probe = not names and not _is_glob(name)
        if offset_probe and not _is_hex(name):
            raise CompileError(f"'{name}' is an invalid probe name", "D_PROC_NAME", line)
        if not names and not offset_probe or self.unavailable:
            return []
        out = []
        #: aliases of one function are one probe, under its canonical name
        seen: set[tuple[str, str, str]] = set()
        for mod, path in self.objects(line):
            if module and not any(glob_match(module, m) for m in module_names(mod)):
                continue
            try:
                funcs = elf.functions(path, os.stat(path).st_mtime_ns)
            except OSError:
                continue
            if function and not _is_glob(function):
                chosen = [function] if function in funcs else []
                if not chosen and module and not _is_glob(module):
                    raise CompileError(f"failed to lookup '{function}' in module '{module}'",
                                       "D_PROC_FUNC", line)
            else:
                chosen = [f for f in sorted(funcs) if not function or glob_match(function, f)]
            if offset_probe:
                # instruction offsets: checked as DTrace does, not supported
                for fn in chosen:
                    if int(name, 16) >= funcs[fn][1]:
                        raise CompileError(f"offset {int(name, 16):#x} outside of function "
                                           f"'{fn}'", "D_PROC_OFF", line)
                continue
            for fn in chosen:
                offset, _, canonical = funcs[fn]
                for n in names:
                    if (mod, canonical, n) not in seen:
                        seen.add((mod, canonical, n))
                        out.append(ProbeDef(mod, canonical, n, UserFunction(path, offset)))
        return out

    def arg_types(self, probe: Probe) -> list[tuple[str, str]]:
        if probe.info.name == "return":
            return [("uint64_t", "offset"), ("uint64_t", "rval")]
        return [("uint64_t", f"arg{i}") for i in range(10)]

    def trampoline(self, asm: Asm, probe: Probe, needed: frozenset[int]) -> None:
        if probe.info.name == "return":
            if 0 in needed:
                asm.st(DW, R9, MS_ARGS, 0)
            if 1 in needed:
                asm.ldx(DW, R1, R6, RAX_OFFSET)
                asm.stx(DW, R9, MS_ARGS + 8, R1)
            zero_args(asm, 2, needed)
            return
        copy_u64_args(asm, ARG_OFFSETS, needed - set(STACK_ARGS))
        # the rest were pushed by the caller: above the return address at rsp
        for i in sorted(needed & set(STACK_ARGS)):
            asm.mov(R1, Reg(R9))
            asm.add(R1, MS_ARGS + 8 * i)
            asm.mov(R2, 8)
            asm.ldx(DW, R3, R6, RSP_OFFSET)
            asm.add(R3, 8 * (i - len(ARG_OFFSETS) + 1))
            asm.call(Helper.probe_read_user)
            # a failed read leaves zero, not whatever an earlier firing left
            ok = asm.new_label("stack_arg")
            asm.jeq(R0, 0, ok)
            asm.st(DW, R9, MS_ARGS + 8 * i, 0)
            asm.label(ok)

    def attach(self, probe: Probe, prog_fd: int) -> Attachment:
        where = probe.data
        assert isinstance(where, UserFunction)
        with Attachment() as att:
            att.fds.append(uprobe_open(where.path, where.offset,
                                       retprobe=probe.info.name == "return", pid=self.pid))
            attach_bpf(att.fds[0], prog_fd)
        return att


def pid_of_provider(provider: str, line: int = 0) -> int | None:
    """The pid a literal pid provider name names (pid0 is an error, as in DTrace)."""
    m = PROVIDER_RE.match(provider)
    if not m:
        return None
    pid = int(m.group(1))
    if pid == 0:
        raise CompileError("pid0 does not contain a valid pid", "D_PROC_BADPID", line)
    return pid
