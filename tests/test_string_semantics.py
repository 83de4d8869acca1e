"""Checker rules around strings and NULL, with DTrace's exact messages."""

from __future__ import annotations

import pytest

from pydtrace.errors import CompileError
from pydtrace.lang.check import Checker
from pydtrace.lang.parser import parse

ERRORS = [
    ("p -= 1;", "D_VAR_UNDEF", "p has not yet been declared or assigned"),
    ("self->q += 2;", "D_VAR_UNDEF", "self->q has not yet been declared or assigned"),
    ("this->r *= 2;", "D_VAR_UNDEF", "this->r has not yet been declared or assigned"),
    ("trace(stringof(trace(0)));", "D_STRINGOF_TYPE",
     "cannot apply stringof to a value of type void"),
    ("p = 1; p -= (char *)0;", "D_OP_VFPTR",
     "operator -= requires left-hand scalar operand of known size"),
    ("p = (void *)0; p += 1;", "D_OP_VFPTR",
     "operator += requires left-hand scalar operand of known size"),
    ("x = \"a\" == 1;", "D_OP_INCOMPAT", "operands have incompatible types: \"string\" == \"int\""),
    ("x = strlen(2);", "D_PROTO_ARG",
     "strlen( ) argument #1 is incompatible with prototype:\n\tprototype: char *\n\t argument: int"),
]


def check(body: str) -> Checker:
    checker = Checker(parse(f"BEGIN {{ {body} }}"))
    checker.run()
    return checker


@pytest.mark.parametrize(("body", "tag", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_errors(body: str, tag: str, message: str) -> None:
    with pytest.raises(CompileError) as info:
        check(body)
    assert (info.value.tag, info.value.message) == (tag, message)


@pytest.mark.parametrize("body", [
    "x++; y = 1; y -= 1;",               # ++ brings a variable into being
    "s = \"a\"; x = s == NULL; x = NULL != s; x = s < 0;",
    "x = strlen(0); y = strlen(NULL);",   # accepted; they fault at run time
    "s = \"abc\"; c = s[1]; self->t = s; c = self->t[0];",
    "p = (char *)0; p = probename; c = p[0];",
    "s = \"x\"; s = NULL;",
])
def test_accepted(body: str) -> None:
    check(body)
