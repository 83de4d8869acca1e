"""The D type model as the code generator sees it.

Only what the compiler needs to decide sizes, signedness and how a value is
carried: integers, strings, pointers and void.  Aggregate C types come from
BTF or from script declarations and are described by name until the checker
grows the full model.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DType:
    name: str
    size: int

    def __str__(self) -> str:
        return self.name

    @property
    def is_string(self) -> bool:
        return False

    @property
    def is_integer(self) -> bool:
        return False

    @property
    def is_pointer(self) -> bool:
        return False


@dataclass(frozen=True)
class IntType(DType):
    signed: bool = True

    @property
    def is_integer(self) -> bool:
        return True


@dataclass(frozen=True)
class StringType(DType):
    @property
    def is_string(self) -> bool:
        return True


@dataclass(frozen=True)
class PointerType(DType):
    target: DType | None = None

    @property
    def is_pointer(self) -> bool:
        return True


@dataclass(frozen=True)
class VoidType(DType):
    pass


CHAR = IntType("char", 1, True)
UCHAR = IntType("uchar_t", 1, False)
SHORT = IntType("short", 2, True)
USHORT = IntType("ushort_t", 2, False)
INT = IntType("int", 4, True)
UINT = IntType("uint_t", 4, False)
LONG = IntType("long", 8, True)
ULONG = IntType("ulong_t", 8, False)
LONGLONG = IntType("long long", 8, True)
ULONGLONG = IntType("unsigned long long", 8, False)
INT64 = IntType("int64_t", 8, True)
UINT64 = IntType("uint64_t", 8, False)
UINT32 = IntType("uint32_t", 4, False)
PID_T = IntType("pid_t", 4, True)
ID_T = IntType("id_t", 4, True)
UID_T = IntType("uid_t", 4, False)
GID_T = IntType("gid_t", 4, False)
PROCESSORID_T = IntType("processorid_t", 4, True)
VOID = VoidType("void", 0)
VOIDPTR = PointerType("void *", 8, VOID)
UINTPTR = IntType("uintptr_t", 8, False)
STRING = StringType("string", 0)  # size 0: strsize bytes, fixed per compilation
COMM = StringType("string", 16)  # execname: the kernel's TASK_COMM_LEN


def bounded_string(size: int) -> StringType:
    """A string known to fit in ``size`` bytes (NUL included)."""
    return StringType("string", size)


def wider_string(a: DType, b: DType) -> DType:
    """The string type that holds values of both: bounds only ever grow."""
    if a.size == 0 or b.size == 0:
        return STRING
    return a if a.size >= b.size else b

# C spellings of the integer types, for casts and declarations.
C_INTEGERS: dict[str, IntType] = {
    "char": CHAR,
    "signed char": CHAR,
    "unsigned char": IntType("unsigned char", 1, False),
    "short": SHORT,
    "short int": SHORT,
    "signed short": SHORT,
    "unsigned short": IntType("unsigned short", 2, False),
    "unsigned short int": IntType("unsigned short", 2, False),
    "int": INT,
    "signed": INT,
    "signed int": INT,
    "unsigned": IntType("unsigned int", 4, False),
    "unsigned int": IntType("unsigned int", 4, False),
    "long": LONG,
    "long int": LONG,
    "signed long": LONG,
    "unsigned long": IntType("unsigned long", 8, False),
    "unsigned long int": IntType("unsigned long", 8, False),
    "long long": LONGLONG,
    "long long int": LONGLONG,
    "signed long long": LONGLONG,
    "unsigned long long": ULONGLONG,
    "unsigned long long int": ULONGLONG,
    "int8_t": IntType("int8_t", 1, True),
    "int16_t": IntType("int16_t", 2, True),
    "int32_t": IntType("int32_t", 4, True),
    "int64_t": INT64,
    "uint8_t": IntType("uint8_t", 1, False),
    "uint16_t": IntType("uint16_t", 2, False),
    "uint32_t": UINT32,
    "uint64_t": UINT64,
    "intptr_t": IntType("intptr_t", 8, True),
    "uintptr_t": UINTPTR,
    "ipaddr_t": IntType("ipaddr_t", 4, False),
    "size_t": IntType("size_t", 8, False),
    "ssize_t": IntType("ssize_t", 8, True),
    "off_t": IntType("off_t", 8, True),
    "pid_t": PID_T,
    "id_t": ID_T,
    "uid_t": UID_T,
    "gid_t": GID_T,
    "uchar_t": UCHAR,
    "ushort_t": USHORT,
    "uint_t": UINT,
    "ulong_t": ULONG,
    "u_longlong_t": IntType("u_longlong_t", 8, False),
    "u8": IntType("u8", 1, False),
    "u16": IntType("u16", 2, False),
    "u32": IntType("u32", 4, False),
    "u64": IntType("u64", 8, False),
    "s8": IntType("s8", 1, True),
    "s16": IntType("s16", 2, True),
    "s32": IntType("s32", 4, True),
    "s64": IntType("s64", 8, True),
    "bool": IntType("bool", 1, False),
    "ushort": IntType("ushort", 2, False),
    "uint": IntType("uint", 4, False),
    "ulong": IntType("ulong", 8, False),
    "__u8": IntType("__u8", 1, False),
    "__u16": IntType("__u16", 2, False),
    "__u32": IntType("__u32", 4, False),
    "__u64": IntType("__u64", 8, False),
    "__s8": IntType("__s8", 1, True),
    "__s16": IntType("__s16", 2, True),
    "__s32": IntType("__s32", 4, True),
    "__s64": IntType("__s64", 8, True),
    "_Bool": IntType("_Bool", 1, False),
    "processorid_t": PROCESSORID_T,
    "hrtime_t": IntType("hrtime_t", 8, True),
    "umode_t": IntType("umode_t", 2, False),
    "dev_t": IntType("dev_t", 4, False),
}


def promote(a: IntType, b: IntType) -> IntType:
    """D's conversion of two integer operands: the one of greater rank (its
    width, and unsigned above signed), with no promotion to int as in C."""
    rank_a = a.size * 2 + (not a.signed)
    rank_b = b.size * 2 + (not b.signed)
    return a if rank_a >= rank_b else b


def integer_of(size: int, signed: bool) -> IntType:
    """A canonical integer type of the given width."""
    return {
        (1, True): CHAR, (1, False): C_INTEGERS["unsigned char"],
        (2, True): SHORT, (2, False): C_INTEGERS["unsigned short"],
        (4, True): INT, (4, False): C_INTEGERS["unsigned int"],
        (8, True): LONG, (8, False): C_INTEGERS["unsigned long"],
    }[(size, signed)]


def parse_c_type(text: str) -> DType:
    """Best-effort mapping of a C type string (tracefs, BTF) to a DType."""
    t = " ".join(text.replace("const ", "").replace("volatile ", "").split())
    if t.endswith("*"):
        return PointerType(text.strip(), 8, None)
    if "[" in t:
        return PointerType(text.strip(), 8, None)
    if t in C_INTEGERS:
        return C_INTEGERS[t]
    if t.startswith(("struct ", "union ")):
        return DType(t, 0)
    if t.startswith("enum "):
        return IntType(t, 4, False)
    return IntType(t, 8, False)


@dataclass(frozen=True)
class MemberInfo:
    """A member of a struct or union the script declared."""

    name: str
    dtype: DType
    offset: int  # bytes from the start of the struct
    bits: int = 0  # bit-field width; 0 for an ordinary member


@dataclass(frozen=True)
class StructType(DType):
    """A struct or union: kernel ones carry their BTF id for member lookup,
    the script's own their members; neither means a declared but
    incomplete type."""

    btf_id: int = 0
    members: tuple[MemberInfo, ...] | None = None

    @property
    def complete(self) -> bool:
        return bool(self.btf_id) or self.members is not None

    def find(self, name: str) -> MemberInfo | None:
        for m in self.members or ():
            if m.name == name:
                return m
        return None


@dataclass(frozen=True)
class ArrayType(DType):
    elem: DType | None = None
    count: int = 0


@dataclass(frozen=True)
class SymAddrType(IntType):
    """A kernel address that sym()/func()/mod() print by symbol (``fn``)."""

    fn: str = "sym"


def is_char_array(t: DType) -> bool:
    """char[N]: D lets these stand where a string is expected."""
    return isinstance(t, ArrayType) and isinstance(t.elem, IntType) and t.elem.size == 1
