"""The BTF parser on small hand-made blobs: every kind, C spelling, split BTF."""

from __future__ import annotations

import struct

import pytest

from pydtrace.types.btf import Btf, BtfError, Kind, Member, canonical_int_name


class Blob:
    """Writes a BTF blob the way the kernel lays it out (uapi/linux/btf.h)."""

    def __init__(self, start_id: int = 1, str_base: int = 0) -> None:
        self.strings = bytearray(b"\0")
        self.str_base = str_base
        self.types: list[bytes] = []
        self.start_id = start_id

    def s(self, text: str) -> int:
        if not text:
            return 0
        off = self.str_base + len(self.strings)
        self.strings += text.encode() + b"\0"
        return off

    def add(self, name: str, kind: int, vlen: int, size_type: int,
            extra: bytes = b"", kflag: bool = False) -> int:
        info = (int(kflag) << 31) | (kind << 24) | vlen
        self.types.append(struct.pack("<III", self.s(name), info, size_type) + extra)
        return self.start_id + len(self.types) - 1

    def int_(self, name: str, size: int, encoding: int = 0, bits: int | None = None) -> int:
        bits = size * 8 if bits is None else bits
        return self.add(name, Kind.INT, 0, size, struct.pack("<I", (encoding << 24) | bits))

    def ref(self, kind: Kind, target: int, name: str = "", kflag: bool = False) -> int:
        return self.add(name, kind, 0, target, kflag=kflag)

    def array(self, elem: int, index: int, n: int) -> int:
        return self.add("", Kind.ARRAY, 0, 0, struct.pack("<III", elem, index, n))

    def struct(self, name: str, size: int, members: list[tuple[str, int, int, int]],
               union: bool = False) -> int:
        kflag = any(bf for _, _, _, bf in members)
        extra = b"".join(
            struct.pack("<III", self.s(n), t, (bf << 24 | off) if kflag else off)
            for n, t, off, bf in members
        )
        kind = Kind.UNION if union else Kind.STRUCT
        return self.add(name, kind, len(members), size, extra, kflag)

    def enum(self, name: str, values: list[tuple[str, int]], signed: bool = False) -> int:
        extra = b"".join(struct.pack("<Ii", self.s(n), v) for n, v in values)
        return self.add(name, Kind.ENUM, len(values), 4, extra, signed)

    def enum64(self, name: str, values: list[tuple[str, int]], signed: bool = False) -> int:
        extra = b"".join(
            struct.pack("<III", self.s(n), v & 0xFFFFFFFF, (v >> 32) & 0xFFFFFFFF)
            for n, v in values
        )
        return self.add(name, Kind.ENUM64, len(values), 8, extra, signed)

    def proto(self, ret: int, params: list[tuple[str, int]]) -> int:
        extra = b"".join(struct.pack("<II", self.s(n), t) for n, t in params)
        return self.add("", Kind.FUNC_PROTO, len(params), ret, extra)

    def func(self, name: str, proto: int, linkage: int = 1) -> int:
        return self.add(name, Kind.FUNC, linkage, proto)

    def var(self, name: str, t: int, linkage: int = 1) -> int:
        return self.add(name, Kind.VAR, 0, t, struct.pack("<I", linkage))

    def datasec(self, name: str, size: int, vars_: list[tuple[int, int, int]]) -> int:
        extra = b"".join(struct.pack("<III", *v) for v in vars_)
        return self.add(name, Kind.DATASEC, len(vars_), size, extra)

    def decl_tag(self, name: str, t: int, idx: int) -> int:
        return self.add(name, Kind.DECL_TAG, 0, t, struct.pack("<i", idx))

    def bytes(self) -> bytes:
        types = b"".join(self.types)
        hdr = struct.pack("<HBBIIIII", 0xEB9F, 1, 0, 24, 0, len(types), len(types),
                          len(self.strings))
        return hdr + types + bytes(self.strings)


@pytest.fixture(scope="module")
def sample() -> tuple[Btf, dict[str, int]]:
    b = Blob()
    ids: dict[str, int] = {}
    ids["int"] = b.int_("int", 4, 1)
    ids["char"] = b.int_("char", 1, 2)
    ids["ulong"] = b.int_("long unsigned int", 8)
    ids["bool"] = b.int_("_Bool", 1, 4)
    ids["cchar"] = b.ref(Kind.CONST, ids["char"])
    ids["cchar_p"] = b.ref(Kind.PTR, ids["cchar"])
    ids["char_p"] = b.ref(Kind.PTR, ids["char"])
    ids["char_pc"] = b.ref(Kind.CONST, ids["char_p"])
    ids["arr16"] = b.array(ids["char"], ids["int"], 16)
    ids["arr3"] = b.array(ids["int"], ids["int"], 3)
    ids["arr2x3"] = b.array(ids["arr3"], ids["int"], 2)
    ids["p_arr16"] = b.ref(Kind.PTR, ids["arr16"])
    ids["vproto"] = b.proto(0, [("", ids["int"])])
    ids["fp"] = b.ref(Kind.PTR, ids["vproto"])
    ids["varproto"] = b.proto(ids["int"], [("fmt", ids["cchar_p"]), ("", 0)])
    ids["noargs"] = b.proto(0, [])
    ids["fp_void"] = b.ref(Kind.PTR, ids["noargs"])
    ids["printk"] = b.func("printk", ids["varproto"])
    ids["pid_t"] = b.ref(Kind.TYPEDEF, ids["int"], "pid_t")
    ids["vol"] = b.ref(Kind.VOLATILE, ids["int"])
    ids["restrict_p"] = b.ref(Kind.RESTRICT, ids["char_p"])
    ids["tag"] = b.ref(Kind.TYPE_TAG, ids["char"], "user")
    ids["tag_p"] = b.ref(Kind.PTR, ids["tag"])
    ids["task"] = b.struct("task", 32, [
        ("pid", ids["pid_t"], 0, 0),
        ("flag_a", ids["int"], 32, 1),
        ("flag_b", ids["int"], 33, 3),
        ("comm", ids["arr16"], 64, 0),
    ])
    ids["task_p"] = b.ref(Kind.PTR, ids["task"])
    ids["u"] = b.struct("u", 8, [("a", ids["int"], 0, 0), ("b", ids["ulong"], 0, 0)], union=True)
    ids["anon"] = b.struct("", 8, [("x", ids["int"], 0, 0), ("y", ids["int"], 32, 0)])
    ids["outer"] = b.struct("outer", 16, [("head", ids["ulong"], 0, 0), ("", ids["anon"], 64, 0)])
    ids["color"] = b.enum("color", [("RED", 0), ("NEG", -1)], signed=True)
    ids["ucolor"] = b.enum("ucolor", [("BIG", -1)])
    ids["e64"] = b.enum64("wide", [("HUGE", 1 << 40), ("TOP", (1 << 64) - 1)])
    ids["fwd_s"] = b.ref(Kind.FWD, 0, "later")
    ids["fwd_u"] = b.ref(Kind.FWD, 0, "ulater", kflag=True)
    ids["double"] = b.add("double", Kind.FLOAT, 0, 8)
    ids["var"] = b.var("jiffies", ids["ulong"])
    ids["sec"] = b.datasec(".data", 8, [(ids["var"], 0, 8)])
    ids["dtag"] = b.decl_tag("bpf_kfunc", ids["printk"], -1)
    ids["rt_proto"] = b.proto(0, [("", ids["char_p"]), ("", ids["bool"]), ("", ids["task_p"])])
    ids["rt_ptr"] = b.ref(Kind.PTR, ids["rt_proto"])
    ids["rt_td"] = b.ref(Kind.TYPEDEF, ids["rt_ptr"], "btf_trace_sw")
    named = b.proto(0, [("__data", ids["char_p"]), ("preempt", ids["bool"]), ("prev", ids["task_p"])])
    ids["stub"] = b.func("__probestub_sw", named)
    return Btf(b.bytes()), ids


def test_kinds_decode(sample: tuple[Btf, dict[str, int]]) -> None:
    btf, ids = sample
    assert btf.nr_types == max(ids.values()) + 1
    t = btf.type(ids["int"])
    assert (t.kind, t.name, t.size, t.bits, t.signed) == (Kind.INT, "int", 4, 32, True)
    assert btf.type(ids["char"]).encoding == 2
    assert btf.type(ids["arr16"]).nelems == 16
    assert btf.type(ids["printk"]).linkage == 1
    assert btf.type(ids["var"]).linkage == 1
    assert btf.type(ids["sec"]).vars[0].size == 8
    assert btf.type(ids["dtag"]).component_idx == -1
    assert btf.type(ids["double"]).size == 8
    assert btf.type(ids["fwd_u"]).is_union_fwd
    assert btf.type(0).kind == Kind.UNKN
    assert btf.kind(ids["e64"]) == Kind.ENUM64


def test_enums(sample: tuple[Btf, dict[str, int]]) -> None:
    btf, ids = sample
    assert [(v.name, v.value) for v in btf.type(ids["color"]).values] == [("RED", 0), ("NEG", -1)]
    assert btf.type(ids["ucolor"]).values[0].value == 0xFFFFFFFF
    assert [v.value for v in btf.type(ids["e64"]).values] == [1 << 40, (1 << 64) - 1]
    assert btf.find("wide", "enum") == ids["e64"]
    assert btf.find("color", Kind.ENUM) == ids["color"]


def test_members_and_bitfields(sample: tuple[Btf, dict[str, int]]) -> None:
    btf, ids = sample
    assert btf.members(ids["task"]) == (
        Member("pid", ids["pid_t"], 0, 0),
        Member("flag_a", ids["int"], 32, 1),
        Member("flag_b", ids["int"], 33, 3),
        Member("comm", ids["arr16"], 64, 0),
    )
    assert btf.members(ids["task"])[3].offset == 8
    assert btf.find_member(ids["outer"], "y") == Member("y", ids["int"], 96, 0)
    assert btf.find_member(ids["outer"], "nope") is None
    with pytest.raises(BtfError):
        btf.members(ids["int"])


def test_resolve_and_size(sample: tuple[Btf, dict[str, int]]) -> None:
    btf, ids = sample
    assert btf.resolve(ids["pid_t"]) == ids["int"]
    assert btf.resolve(ids["tag"]) == ids["char"]
    assert btf.resolve(ids["char_pc"]) == ids["char_p"]
    assert btf.size(ids["pid_t"]) == 4
    assert btf.size(ids["arr2x3"]) == 24
    assert btf.size(ids["char_p"]) == 8
    assert btf.size(ids["task"]) == 32
    assert btf.size(ids["u"]) == 8
    with pytest.raises(BtfError):
        btf.size(0)


@pytest.mark.parametrize(
    "key, expected",
    [
        ("int", "int"),
        ("ulong", "unsigned long"),
        ("bool", "_Bool"),
        ("cchar_p", "const char *"),
        ("char_pc", "char *const"),
        ("arr16", "char [16]"),
        ("arr2x3", "int [2][3]"),
        ("p_arr16", "char (*)[16]"),
        ("fp", "void (*)(int)"),
        ("fp_void", "void (*)(void)"),
        ("varproto", "int (const char *, ...)"),
        ("printk", "int printk(const char *, ...)"),
        ("pid_t", "pid_t"),
        ("vol", "volatile int"),
        ("restrict_p", "char *restrict"),
        ("tag_p", "char *"),
        ("task_p", "struct task *"),
        ("u", "union u"),
        ("anon", "struct (anon)"),
        ("color", "enum color"),
        ("e64", "enum wide"),
        ("fwd_s", "struct later"),
        ("fwd_u", "union ulater"),
        ("double", "double"),
        ("var", "unsigned long"),
        ("sec", ".data"),
    ],
)
def test_c_name(sample: tuple[Btf, dict[str, int]], key: str, expected: str) -> None:
    btf, ids = sample
    assert btf.c_name(ids[key]) == expected


def test_c_name_void() -> None:
    assert Btf(Blob().bytes()).c_name(0) == "void"


def test_find(sample: tuple[Btf, dict[str, int]]) -> None:
    btf, ids = sample
    assert btf.find("task", "struct") == ids["task"]
    assert btf.find("task", "union") is None
    assert btf.find("u", "union") == ids["u"]
    assert btf.find("unsigned long", "int") == ids["ulong"]
    assert btf.find("long unsigned int", "int") == ids["ulong"]
    assert btf.find("pid_t", "typedef") == ids["pid_t"]
    assert btf.find("printk", "func") == ids["printk"]
    assert btf.find("jiffies", "var") == ids["var"]
    assert list(btf.ids(Kind.UNION)) == [ids["u"]]
    with pytest.raises(BtfError):
        btf.find("x", "nonsense")


def test_rawtp(sample: tuple[Btf, dict[str, int]]) -> None:
    btf, _ = sample
    assert btf.rawtp_events() == ["sw"]
    assert btf.rawtp_arg_types("sw") == ["_Bool", "struct task *"]
    assert btf.rawtp_arg_names("sw") == ["preempt", "prev"]
    assert btf.rawtp_args("missing") is None
    with pytest.raises(KeyError):
        btf.rawtp_arg_types("missing")


def test_split_btf(sample: tuple[Btf, dict[str, int]]) -> None:
    base, ids = sample
    split = Blob(start_id=base.nr_types, str_base=base._str_len)
    mod_struct = split.struct("mod_thing", 16, [
        ("owner", ids["task_p"], 0, 0), ("name", ids["cchar_p"], 64, 0),
    ])
    mod_ptr = split.ref(Kind.PTR, mod_struct)
    btf = Btf(split.bytes(), base=base)
    assert btf.start_id == base.nr_types
    assert mod_struct == base.nr_types
    assert btf.nr_types == base.nr_types + 2
    assert btf.c_name(mod_ptr) == "struct mod_thing *"
    assert [btf.c_name(m.type) for m in btf.members(mod_struct)] == [
        "struct task *", "const char *",
    ]
    assert btf.find("mod_thing", "struct") == mod_struct
    assert btf.find("task", "struct") == ids["task"]  # falls back to the base
    assert list(btf.ids()) == [mod_struct, mod_ptr]
    with pytest.raises(BtfError):
        btf.type(btf.nr_types)


def test_bad_blobs() -> None:
    good = Blob()
    good.int_("int", 4, 1)
    data = good.bytes()
    with pytest.raises(BtfError, match="magic"):
        Btf(b"\0\0" + data[2:])
    with pytest.raises(BtfError):
        Btf(data[:10])
    bad = Blob()
    bad.add("x", 25, 0, 0)
    with pytest.raises(BtfError, match="kind"):
        Btf(bad.bytes())


@pytest.mark.parametrize(
    "raw, canon",
    [
        ("long unsigned int", "unsigned long"),
        ("long int", "long"),
        ("short int", "short"),
        ("short unsigned int", "unsigned short"),
        ("long long int", "long long"),
        ("long long unsigned int", "unsigned long long"),
        ("unsigned int", "unsigned int"),
        ("signed char", "signed char"),
        ("unsigned char", "unsigned char"),
        ("char", "char"),
        ("__int128 unsigned", "unsigned __int128"),
        ("_Bool", "_Bool"),
    ],
)
def test_canonical_int_name(raw: str, canon: str) -> None:
    assert canonical_int_name(raw) == canon
