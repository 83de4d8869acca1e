"""d_path(struct path *): the path name of a file, from the kernel's dentries;
__mount_path(struct vfsmount *): where a file system is mounted.

The kernel's own bpf_d_path is offered only to fentry/fexit and LSM
programs, so the name is built here by walking the dentry tree the way the
kernel's prepend_path does: from the file's dentry up through d_parent,
each name prepended with a "/" before it, and at the root of a mount on to
the dentry it is mounted on in the parent mount, until the mount that is
its own parent (the namespace's root).  The walk stops, keeping what it
has, when the buffer is full, when a read fails, and after PATH_DEPTH
steps.  A dentry that is its own parent yet not a mount's root ends the
walk too: pseudo files (pipes, sockets) have no path.

All the state the loop carries lives in machine state (see strings.py for
why); the name being built grows leftwards from the end of a buffer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..lang import ast
from .asm import DW, R0, R1, R2, R3, R9, B, Reg, W
from .faults import FAULT_BADADDR
from .kobjsubr import offset_of
from .regs import Temp
from .strings import load_below, may_goto, result_at, slots

if TYPE_CHECKING:
    from .expr import ExprGen

#: dentries and mount crossings looked at; deeper paths keep their last part
PATH_DEPTH = 256
SLASH = ord("/")


def d_path(g: ExprGen, e: ast.Call) -> Temp:
    """The path of a struct path: its dentry, in its mount."""
    line = e.line
    return _walk(g, e, offset_of("struct", "path", "dentry", line),
                 offset_of("struct", "path", "mnt", line))


def mount_path(g: ExprGen, e: ast.Call) -> Temp:
    """__mount_path(struct vfsmount *): where a file system is mounted (the
    D library's fileinfo_t fi_mount).  The walk starts at the mount's root,
    so its first step is to the dentry it is mounted on."""
    return _walk(g, e, offset_of("struct", "vfsmount", "mnt_root", e.line), None)


def _walk(g: ExprGen, e: ast.Call, dentry_at: int, vfsmount_at: int | None) -> Temp:
    """The walk from the dentry at argument + dentry_at, in the vfsmount at
    argument + vfsmount_at (None: the argument is the vfsmount)."""
    line = e.line
    mount_mnt = offset_of("struct", "mount", "mnt", line)
    mnt_parent = offset_of("struct", "mount", "mnt_parent", line)
    mnt_mountpoint = offset_of("struct", "mount", "mnt_mountpoint", line)
    mnt_root = offset_of("struct", "vfsmount", "mnt_root", line)
    d_parent = offset_of("struct", "dentry", "d_parent", line)
    name_len = offset_of("struct", "dentry", "d_name.len", line)
    name_ptr = offset_of("struct", "dentry", "d_name.name", line)

    n = g.ctx.string_size(g.typeof(e))
    # room for a name of up to n bytes at any position below n: the
    # verifier checks the largest start plus the largest length
    buf = g.scratch.alloc(2 * n)
    dst = g.scratch.alloc(n)
    v_dentry, v_mount, v_pos, v_steps, v_word, v_len, v_start, v_first = slots(g, 8)
    asm = g.asm
    loop, done, finish = asm.new_label("dpl"), asm.new_label("dpd"), asm.new_label("dpf")

    path = g.gen(e.args[0])
    g.fault_if_zero(g.regs.reg(path), FAULT_BADADDR)

    def read(dest: int, size: int, base_slot: int | None, offset: int,
             fail: str = done) -> None:
        """dest slot = the size-byte word at (base_slot's pointer or path) + offset
        (dest may be base_slot; a word of 4 bytes is read back with a 4-byte
        load); a failed read ends the walk."""

        def src(reg: int) -> None:
            if base_slot is None:
                g.regs.load_into(reg, path)
            else:
                asm.ldx(DW, reg, R9, base_slot)
            asm.add(reg, offset)

        g.call(Helper.probe_read_kernel, g.ms_addr(dest), size, src)
        asm.jcc("jslt", R0, 0, fail)

    asm.st(DW, R9, v_pos, n - 1)
    asm.st(B, R9, buf + n - 1, 0)
    asm.st(DW, R9, v_steps, 0)
    read(v_dentry, 8, None, dentry_at)
    asm.ldx(DW, R1, R9, v_dentry)
    asm.stx(DW, R9, v_first, R1)
    if vfsmount_at is not None:
        read(v_mount, 8, None, vfsmount_at)
    else:
        g.regs.load_into(R1, path)
        asm.stx(DW, R9, v_mount, R1)
    g.regs.release(path)
    # the struct mount around the vfsmount the path names
    asm.ldx(DW, R1, R9, v_mount)
    asm.sub(R1, mount_mnt)
    asm.stx(DW, R9, v_mount, R1)

    asm.label(loop)
    may_goto(g, done)
    load_below(g, R1, v_steps, PATH_DEPTH, done)
    asm.add(R1, 1)
    asm.stx(DW, R9, v_steps, R1)
    not_root = asm.new_label("dpnr")
    read(v_word, 8, v_mount, mount_mnt + mnt_root)
    asm.ldx(DW, R1, R9, v_word)
    asm.ldx(DW, R2, R9, v_dentry)
    asm.jne(R1, Reg(R2), not_root)
    # at the root of a mount: on to where it is mounted, unless it is the top
    read(v_word, 8, v_mount, mnt_parent)
    asm.ldx(DW, R1, R9, v_word)
    asm.ldx(DW, R2, R9, v_mount)
    asm.jeq(R1, Reg(R2), done)
    asm.jeq(R1, 0, done)
    read(v_dentry, 8, v_mount, mnt_mountpoint)
    asm.ldx(DW, R1, R9, v_word)
    asm.stx(DW, R9, v_mount, R1)
    asm.ja(loop)

    asm.label(not_root)
    read(v_word, 8, v_dentry, d_parent)
    asm.ldx(DW, R1, R9, v_word)
    asm.ldx(DW, R2, R9, v_dentry)
    asm.jeq(R1, Reg(R2), done)
    read(v_len, 4, v_dentry, name_len)
    # R3 = where the name starts: pos - len, with a byte before it for "/"
    load_below(g, R1, v_pos, n, done)
    asm.ldx(W, R2, R9, v_len)
    asm.jcc("jge", R2, n, done)
    asm.mov(R3, Reg(R1))
    asm.sub(R3, Reg(R2))
    asm.jcc("jsle", R3, 0, done)
    asm.stx(DW, R9, v_len, R2)
    asm.stx(DW, R9, v_start, R3)
    read(v_word, 8, v_dentry, name_ptr)

    def name_dst(reg: int) -> None:
        asm.ldx(DW, reg, R9, v_start)
        asm.jcc("jge", reg, n, done)
        asm.add(reg, Reg(R9))
        asm.add(reg, buf)

    def name_size(reg: int) -> None:
        asm.ldx(DW, reg, R9, v_len)
        asm.jcc("jge", reg, n, done)

    g.call(Helper.probe_read_kernel, name_dst, name_size,
           lambda reg: asm.ldx(DW, reg, R9, v_word))
    asm.jcc("jslt", R0, 0, done)
    load_below(g, R1, v_start, n, done)
    asm.jcc("jle", R1, 0, done)
    asm.sub(R1, 1)
    asm.stx(DW, R9, v_pos, R1)
    asm.add(R1, Reg(R9))
    asm.st(B, R1, buf, SLASH)
    read(v_word, 8, v_dentry, d_parent)
    asm.ldx(DW, R1, R9, v_word)
    asm.stx(DW, R9, v_dentry, R1)
    asm.ja(loop)

    asm.label(done)
    # nothing prepended: a pseudo file's name, or the root itself
    asm.ldx(DW, R1, R9, v_pos)
    asm.jne(R1, n - 1, finish)
    root = asm.new_label("dproot")
    _pseudo_name(g, _Buffer(buf, n, v_pos, finish), v_first, v_word, read, line, root)
    asm.label(root)
    asm.st(B, R9, buf + n - 2, SLASH)
    asm.st(DW, R9, v_pos, n - 2)
    asm.label(finish)

    def start(reg: int) -> None:
        asm.ldx(DW, reg, R9, v_pos)
        ok = asm.new_label("dps")
        asm.jcc("jlt", reg, n, ok)
        asm.mov(reg, n - 1)
        asm.label(ok)
        asm.add(reg, Reg(R9))
        asm.add(reg, buf)

    g.call(Helper.probe_read_kernel_str, g.ms_addr(dst), n, start)
    return result_at(g, e, dst)


@dataclass(frozen=True)
class _Buffer:
    """The name being built: bytes buf[pos..n-1], growing leftwards."""

    buf: int
    n: int
    v_pos: int
    full: str  # where to go when no room is left

    def prepend(self, g: ExprGen, ch: int | Reg) -> None:
        asm = g.asm
        load_below(g, R1, self.v_pos, self.n, self.full)
        asm.jcc("jle", R1, 0, self.full)
        asm.sub(R1, 1)
        asm.stx(DW, R9, self.v_pos, R1)
        asm.add(R1, Reg(R9))
        if isinstance(ch, Reg):
            asm.stx(B, R1, self.buf, ch.n)
        else:
            asm.st(B, R1, self.buf, ch)

    def prepend_text(self, g: ExprGen, text: str) -> None:
        for ch in reversed(text.encode()):
            self.prepend(g, ch)


#: file systems whose files have no path, and how the kernel names them
PIPEFS_MAGIC, SOCKFS_MAGIC, ANON_INODE_FS_MAGIC = 0x50495045, 0x534F434B, 0x09041934
#: decimal digits of a 64-bit inode number
INO_DIGITS = 20


def _pseudo_name(g: ExprGen, out: _Buffer, v_dentry: int, v_word: int,
                 read: Callable[..., None], line: int, otherwise: str) -> None:
    """"pipe:[ino]", "socket:[ino]" or "anon_inode:name", as the kernel's
    d_path names them, for a dentry on one of those file systems; other
    dentries go to ``otherwise``."""
    asm = g.asm
    d_sb = offset_of("struct", "dentry", "d_sb", line)
    d_inode = offset_of("struct", "dentry", "d_inode", line)
    i_ino = offset_of("struct", "inode", "i_ino", line)
    s_magic = offset_of("struct", "super_block", "s_magic", line)
    name_ptr = offset_of("struct", "dentry", "d_name.name", line)
    name_len = offset_of("struct", "dentry", "d_name.len", line)
    (v_name,) = slots(g, 1)
    numbered, anon = asm.new_label("dpnum"), asm.new_label("dpanon")
    read(v_word, 8, v_dentry, d_sb, otherwise)
    read(v_word, 8, v_word, s_magic, otherwise)
    asm.ldx(DW, R1, R9, v_word)
    asm.jeq(R1, PIPEFS_MAGIC, numbered)
    asm.jeq(R1, SOCKFS_MAGIC, numbered)
    asm.jeq(R1, ANON_INODE_FS_MAGIC, anon)
    asm.ja(otherwise)

    asm.label(anon)
    # the name, straight into place: at pos - len, len < n
    read(v_name, 4, v_dentry, name_len, out.full)
    load_below(g, R1, out.v_pos, out.n, out.full)
    asm.ldx(W, R2, R9, v_name)
    asm.jcc("jge", R2, out.n, out.full)
    asm.sub(R1, Reg(R2))
    asm.jcc("jsle", R1, 0, out.full)
    asm.stx(DW, R9, out.v_pos, R1)
    asm.stx(DW, R9, v_name, R2)
    read(v_word, 8, v_dentry, name_ptr, out.full)

    def name_dst(reg: int) -> None:
        load_below(g, reg, out.v_pos, out.n, out.full)
        asm.add(reg, Reg(R9))
        asm.add(reg, out.buf)

    g.call(Helper.probe_read_kernel, name_dst,
           lambda reg: load_below(g, reg, v_name, out.n, out.full),
           lambda reg: asm.ldx(DW, reg, R9, v_word))
    out.prepend_text(g, "anon_inode:")
    asm.ja(out.full)

    asm.label(numbered)
    asm.ldx(DW, R1, R9, v_word)
    asm.stx(DW, R9, v_name, R1)  # the magic, while the inode number is read
    read(v_word, 8, v_dentry, d_inode, out.full)
    read(v_word, 8, v_word, i_ino, out.full)
    out.prepend(g, ord("]"))
    for i in range(INO_DIGITS):
        asm.ldx(DW, R2, R9, v_word)
        if i:
            asm.jeq(R2, 0, last := asm.new_label("dpdg"))
        asm.mov(R3, Reg(R2))
        asm.mod(R3, 10)
        asm.div(R2, 10)
        asm.stx(DW, R9, v_word, R2)
        asm.add(R3, ord("0"))
        out.prepend(g, Reg(R3))
        if i:
            asm.label(last)
    pipe = asm.new_label("dppipe")
    asm.ldx(DW, R1, R9, v_name)
    asm.jeq(R1, PIPEFS_MAGIC, pipe)
    out.prepend_text(g, "socket:[")
    asm.ja(out.full)
    asm.label(pipe)
    out.prepend_text(g, "pipe:[")
    asm.ja(out.full)
