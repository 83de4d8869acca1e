"""Tracepoint format parsing: pure parser tests, then this machine's tracefs."""

from __future__ import annotations

import os

import pytest

from pydtrace.types.tracefs import (
    Field,
    FormatError,
    list_events,
    normalize_c_type,
    parse_field,
    parse_format,
    read_format,
    syscall_args,
    syscall_names,
)

SAMPLE = """name: sched_process_exec
ID: 312
format:
\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

\tfield:__data_loc char[] filename;\toffset:8;\tsize:4;\tsigned:0;
\tfield:pid_t pid;\toffset:12;\tsize:4;\tsigned:1;
\tfield:char comm[16];\toffset:16;\tsize:16;\tsigned:0;

print fmt: "filename=%s pid=%d", __get_str(filename), REC->pid
"""


def test_parse_format() -> None:
    fmt = parse_format(SAMPLE, "sched")
    assert (fmt.system, fmt.name, fmt.id) == ("sched", "sched_process_exec", 312)
    assert [f.name for f in fmt.fields] == ["filename", "pid", "comm"]
    assert [f.name for f in fmt.common_fields] == [
        "common_type", "common_flags", "common_preempt_count", "common_pid",
    ]
    assert len(fmt.all_fields) == 7
    assert fmt.field("common_pid") == Field("common_pid", "int", 4, 4, True)
    assert fmt.fields[0] == Field("filename", "char []", 8, 4, False, None, True)
    assert fmt.fields[2] == Field("comm", "char [16]", 16, 16, False, 16)
    assert fmt.fields[2].elem_type == "char"
    assert fmt.print_fmt == '"filename=%s pid=%d", __get_str(filename), REC->pid'


@pytest.mark.parametrize(
    "line, expected",
    [
        ("\tfield:unsigned long args[6];\toffset:16;\tsize:48;\tsigned:0;",
         Field("args", "unsigned long [6]", 16, 48, False, 6)),
        ("\tfield:unsigned long args[];\toffset:24;\tsize:0;\tsigned:0;",
         Field("args", "unsigned long []", 24, 0, False, 0)),
        ("\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;",
         Field("filename", "const char *", 24, 8, False)),
        ("\tfield:struct task_struct *p;\toffset:8;\tsize:8;\tsigned:0;",
         Field("p", "struct task_struct *", 8, 8, False)),
        ("\tfield:void * * ptrs;\toffset:8;\tsize:8;\tsigned:0;",
         Field("ptrs", "void **", 8, 8, False)),
        ("\tfield:unsigned cpu;\toffset:8;\tsize:4;\tsigned:0;",
         Field("cpu", "unsigned int", 8, 4, False)),
        ("\tfield:long unsigned int ip;\toffset:8;\tsize:8;\tsigned:0;",
         Field("ip", "unsigned long", 8, 8, False)),
        ("\tfield:__data_loc u64[] data;\toffset:8;\tsize:4;\tsigned:0;",
         Field("data", "u64 []", 8, 4, False, None, True)),
        ("\tfield:__rel_loc char[] name;\toffset:8;\tsize:4;\tsigned:0;",
         Field("name", "char []", 8, 4, False, None, False, True)),
        ("\tfield:char comm[TASK_COMM_LEN];\toffset:8;\tsize:16;\tsigned:0;",
         Field("comm", "char [16]", 8, 16, False, 16)),
        # ftrace's internal events and pre-3.x kernels.
        ("\tfield special:unsigned long ip;\toffset:8;\tsize:8;\tsigned:0;",
         Field("ip", "unsigned long", 8, 8, False)),
        ("\tfield:int nr;\toffset:8;\tsize:4;",
         Field("nr", "int", 8, 4, False)),
    ],
)
def test_parse_field(line: str, expected: Field) -> None:
    assert parse_field(line) == expected


def test_parse_field_rejects_garbage() -> None:
    assert parse_field("print fmt: \"x\"") is None
    with pytest.raises(FormatError):
        parse_field("\tfield:;\toffset:8;\tsize:4;\tsigned:0;")
    with pytest.raises(FormatError):
        parse_format("name: x\nformat:\n")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("const char*", "const char *"),
        ("char * const", "char *const"),
        ("unsigned", "unsigned int"),
        ("char  **", "char **"),
        ("u8", "u8"),
    ],
)
def test_normalize_c_type(text: str, expected: str) -> None:
    assert normalize_c_type(text) == expected


def test_sys_enter_openat(tracefs: str) -> None:
    fmt = read_format(tracefs, "syscalls", "sys_enter_openat")
    assert fmt.name == "sys_enter_openat" and fmt.id > 0
    args = [(f.name, f.c_type, f.offset, f.size) for f in fmt.fields[1:]]
    assert args == [
        ("dfd", "int", 16, 8),
        ("filename", "const char *", 24, 8),
        ("flags", "int", 32, 8),
        ("mode", "umode_t", 40, 8),
    ]
    assert fmt.fields[0].name == "__syscall_nr"
    assert fmt.field("common_pid") == Field("common_pid", "int", 4, 4, True)


def test_sched_switch(tracefs: str) -> None:
    fmt = read_format(tracefs, "sched", "sched_switch")
    comm = fmt.field("prev_comm")
    assert comm == Field("prev_comm", "char [16]", 8, 16, False, 16)
    pid = fmt.field("next_pid")
    assert pid is not None and (pid.c_type, pid.size, pid.signed) == ("pid_t", 4, True)


def test_data_loc(tracefs: str) -> None:
    fmt = read_format(tracefs, "sched", "sched_process_exec")
    filename = fmt.field("filename")
    assert filename is not None and filename.is_data_loc and filename.size == 4


def test_no_such_event(tracefs: str) -> None:
    with pytest.raises(FileNotFoundError):
        read_format(tracefs, "sched", "no_such_event")


def test_list_events(tracefs: str) -> None:
    events = list_events(tracefs)
    assert ("sched", "sched_switch") in events
    assert ("syscalls", "sys_enter_openat") in events
    with open(os.path.join(tracefs, "available_events")) as f:
        assert len(events) == len(f.read().splitlines())


def test_every_format_parses(tracefs: str) -> None:
    for system, event in list_events(tracefs):
        fmt = read_format(tracefs, system, event)
        assert fmt.name == event
        ends = [f.offset + f.size for f in fmt.all_fields]
        assert all(f.name for f in fmt.all_fields)
        assert not ends or max(ends) < 65536


def test_syscalls(tracefs: str) -> None:
    names = syscall_names(tracefs)
    assert {"openat", "getpid", "read", "write"} <= set(names)
    assert names == sorted(names)
    assert syscall_args(tracefs, "getpid") == ()
    openat = syscall_args(tracefs, "openat")
    assert [(f.name, f.c_type) for f in openat] == [
        ("dfd", "int"), ("filename", "const char *"), ("flags", "int"), ("mode", "umode_t"),
    ]
    read = syscall_args(tracefs, "read")
    assert [(f.name, f.c_type) for f in read] == [
        ("fd", "unsigned int"), ("buf", "char *"), ("count", "size_t"),
    ]
