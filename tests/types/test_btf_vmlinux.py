"""The BTF reader against this machine's /sys/kernel/btf/vmlinux."""

from __future__ import annotations

import os

import pytest

from pydtrace.types.btf import VMLINUX, Btf, Kind, module, vmlinux

pytestmark = pytest.mark.skipif(not os.path.exists(VMLINUX), reason="kernel has no BTF")


@pytest.fixture(scope="module")
def btf() -> Btf:
    return vmlinux()


def test_load() -> None:
    btf = Btf.load()
    assert btf.nr_types > 100_000


def test_vmlinux_is_cached() -> None:
    assert vmlinux() is vmlinux()


def test_task_struct(btf: Btf) -> None:
    ts = btf.find("task_struct", "struct")
    assert ts is not None
    assert btf.kind(ts) == Kind.STRUCT
    comm = btf.find_member(ts, "comm")
    assert comm is not None and btf.c_name(comm.type) == "char [16]"
    assert btf.size(comm.type) == 16
    pid = btf.find_member(ts, "pid")
    assert pid is not None
    assert btf.c_name(pid.type) == "pid_t"
    assert btf.size(btf.resolve(pid.type)) == 4
    assert btf.c_name(btf.resolve(pid.type)) == "int"
    parent = btf.find_member(ts, "real_parent")
    assert parent is not None and btf.c_name(parent.type) == "struct task_struct *"


def test_bitfields(btf: Btf) -> None:
    ts = btf.find("task_struct", "struct")
    assert ts is not None
    m = btf.find_member(ts, "sched_reset_on_fork")
    assert m is not None and m.bitfield_size == 1
    assert btf.c_name(m.type) == "unsigned int"


def test_anonymous_members(btf: Btf) -> None:
    skb = btf.find("sk_buff", "struct")
    assert skb is not None
    assert "next" not in {m.name for m in btf.members(skb)}
    nxt = btf.find_member(skb, "next")
    assert nxt is not None and nxt.bit_offset == 0
    assert btf.c_name(nxt.type) == "struct sk_buff *"


def test_c_names(btf: Btf) -> None:
    fops = btf.find("file_operations", "struct")
    assert fops is not None
    read = btf.find_member(fops, "read")
    assert read is not None
    assert btf.c_name(read.type) == "ssize_t (*)(struct file *, char *, size_t, loff_t *)"
    write = btf.find_member(fops, "write")
    assert write is not None
    assert btf.c_name(write.type) == (
        "ssize_t (*)(struct file *, const char *, size_t, loff_t *)"
    )
    u64 = btf.find("u64", "typedef")
    assert u64 is not None and btf.c_name(u64) == "u64" and btf.size(u64) == 8
    ulong = btf.find("unsigned long", "int")
    assert ulong is not None and btf.c_name(ulong) == "unsigned long"
    printk = btf.find("_printk", "func")
    assert printk is not None
    assert btf.c_name(printk) == "int _printk(const char *, ...)"


def test_every_type_decodes_and_prints(btf: Btf) -> None:
    for kind in (Kind.PTR, Kind.ENUM64, Kind.DATASEC, Kind.TYPE_TAG, Kind.DECL_TAG, Kind.FWD):
        for type_id in btf.ids(kind):
            assert btf.c_name(type_id)


def test_rawtp_sched_switch(btf: Btf) -> None:
    assert btf.rawtp_arg_types("sched_switch") == [
        "bool", "struct task_struct *", "struct task_struct *", "unsigned int",
    ]
    assert btf.rawtp_arg_names("sched_switch") == ["preempt", "prev", "next", "prev_state"]
    assert btf.rawtp_arg_types("sys_enter") == ["struct pt_regs *", "long"]
    assert btf.rawtp_arg_names("sys_enter") == ["regs", "id"]
    assert btf.rawtp_arg_types("sched_process_exec") == [
        "struct task_struct *", "pid_t", "struct linux_binprm *",
    ]


def test_rawtp_events(btf: Btf) -> None:
    events = btf.rawtp_events()
    assert len(events) > 1000
    assert {"sched_switch", "sys_enter", "sys_exit", "sched_process_exec"} <= set(events)
    # Bare tracepoints (no btf_trace_ typedef) are found through their stub.
    assert "sched_set_state_tp" not in events
    assert "sched_set_state_tp" in btf.rawtp_events(include_bare=True)
    assert btf.rawtp_arg_types("sched_set_state_tp") == ["struct task_struct *", "int"]
    assert btf.rawtp_args("no_such_tracepoint") is None


def test_module_btf_absent() -> None:
    assert module("no_such_module") is None
    assert module("vmlinux") is None
