"""d_path(struct path *): the path name of a file, from the kernel's dentries.

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
    line = e.line
    path_mnt = offset_of("struct", "path", "mnt", line)
    path_dentry = offset_of("struct", "path", "dentry", line)
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
    v_dentry, v_mount, v_pos, v_steps, v_word, v_len, v_start = slots(g, 7)
    asm = g.asm
    loop, done = asm.new_label("dpl"), asm.new_label("dpd")

    path = g.gen(e.args[0])
    g.fault_if_zero(g.regs.reg(path), FAULT_BADADDR)

    def read(dest: int, size: int, base_slot: int | None, offset: int) -> None:
        """dest slot = the size-byte word at (base_slot's pointer or path) + offset;
        a failed read ends the walk."""
        asm.st(DW, R9, dest, 0)

        def src(reg: int) -> None:
            if base_slot is None:
                g.regs.load_into(reg, path)
            else:
                asm.ldx(DW, reg, R9, base_slot)
            asm.add(reg, offset)

        g.call(Helper.probe_read_kernel, g.ms_addr(dest), size, src)
        asm.jcc("jslt", R0, 0, done)

    asm.st(DW, R9, v_pos, n - 1)
    asm.st(B, R9, buf + n - 1, 0)
    asm.st(DW, R9, v_steps, 0)
    read(v_dentry, 8, None, path_dentry)
    read(v_mount, 8, None, path_mnt)
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
    # nothing prepended: the root itself
    named = asm.new_label("dpn")
    asm.ldx(DW, R1, R9, v_pos)
    asm.jne(R1, n - 1, named)
    asm.st(B, R9, buf + n - 2, SLASH)
    asm.st(DW, R9, v_pos, n - 2)
    asm.label(named)

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
