"""Parser: D text -> AST, with exact trees and DTrace's error messages."""

from __future__ import annotations

import pytest

from pydtrace.errors import CompileError
from pydtrace.lang import ast
from pydtrace.lang.ast import (
    AggRef,
    Assign,
    Binary,
    Block,
    Call,
    Cast,
    Clause,
    Decl,
    Declarator,
    EnumDef,
    Enumerator,
    ExprStmt,
    Ident,
    IfStmt,
    Index,
    Inline,
    IntLit,
    Member,
    OffsetOf,
    Pragma,
    ProbeSpec,
    ProviderDef,
    ProviderProbe,
    SelfVar,
    SizeOf,
    StringOf,
    StrLit,
    StructDef,
    StructMember,
    Ternary,
    ThisVar,
    Translator,
    TranslatorMember,
    TypeName,
    Unary,
    Xlate,
)
from pydtrace.lang.parser import parse, parse_expression, parse_type

INT = TypeName("int")


def e(text: str, **kw: object) -> ast.Expr:
    return parse_expression(text, **kw)  # type: ignore[arg-type]


def i(value: int, line: int = 1) -> IntLit:
    return IntLit(line, value)


def v(name: str, line: int = 1) -> Ident:
    return Ident(line, name)


def body(text: str, **kw: object) -> tuple[ast.Stmt, ...]:
    prog = parse("BEGIN {" + text + "}", **kw)  # type: ignore[arg-type]
    (clause,) = prog.items
    assert isinstance(clause, Clause)
    return clause.body


def err(text: str, **kw: object) -> tuple[str, str | None, int]:
    kw.setdefault("macros", {"pid": "1"})
    kw.setdefault("filename", "t.d")
    with pytest.raises(CompileError) as info:
        parse(text, **kw)  # type: ignore[arg-type]
    return info.value.message, info.value.tag, info.value.line


# --------------------------------------------------------------- expressions


def test_precedence_of_arithmetic() -> None:
    assert e("1 + 2 * 3 - 4") == Binary(
        1, "-", Binary(1, "+", i(1), Binary(1, "*", i(2), i(3))), i(4)
    )


def test_left_associativity() -> None:
    assert e("a - b - c") == Binary(1, "-", Binary(1, "-", v("a"), v("b")), v("c"))
    assert e("a / b % c") == Binary(1, "%", Binary(1, "/", v("a"), v("b")), v("c"))


@pytest.mark.parametrize(
    ("text", "outer"),
    [
        ("a || b ^^ c", "||"),
        ("a ^^ b && c", "^^"),
        ("a && b | c", "&&"),
        ("a | b ^ c", "|"),
        ("a ^ b & c", "^"),
        ("a & b == c", "&"),
        ("a == b < c", "=="),
        ("a < b << c", "<"),
        ("a << b + c", "<<"),
        ("a + b * c", "+"),
    ],
)
def test_precedence_ladder(text: str, outer: str) -> None:
    tree = e(text)
    assert isinstance(tree, Binary) and tree.op == outer
    assert isinstance(tree.right, Binary)


def test_xor_binds_between_and_and_or() -> None:
    assert e("a || b ^^ c && d") == Binary(
        1, "||", v("a"), Binary(1, "^^", v("b"), Binary(1, "&&", v("c"), v("d")))
    )


def test_assignment_is_right_associative() -> None:
    assert e("a = b += c") == Assign(1, "=", v("a"), Assign(1, "+=", v("b"), v("c")))


@pytest.mark.parametrize("op", ["=", "+=", "-=", "*=", "/=", "%=", "&=", "^=", "|=", "<<=", ">>="])
def test_assignment_operators(op: str) -> None:
    assert e(f"x {op} 1") == Assign(1, op, v("x"), i(1))


def test_ternary_and_comma() -> None:
    assert e("a ? b, c : d ? e : f") == Ternary(
        1, v("a"), Binary(1, ",", v("b"), v("c")), Ternary(1, v("d"), v("e"), v("f"))
    )
    assert e("x = 1, y = 2") == Binary(
        1, ",", Assign(1, "=", v("x"), i(1)), Assign(1, "=", v("y"), i(2))
    )


def test_unary_operators() -> None:
    assert e("-a + !b") == Binary(1, "+", Unary(1, "-", v("a")), Unary(1, "!", v("b")))
    assert e("~*&x") == Unary(1, "~", Unary(1, "*", Unary(1, "&", v("x"))))
    assert e("++x + y--") == Binary(
        1, "+", Unary(1, "++pre", v("x")), Unary(1, "post--", v("y"))
    )
    assert e("--x++") == Unary(1, "--pre", Unary(1, "post++", v("x")))


def test_casts() -> None:
    assert e("(int)x") == Cast(1, INT, v("x"))
    assert e("(unsigned long long)x") == Cast(1, TypeName("unsigned long long"), v("x"))
    assert e("(char *)arg0") == Cast(1, TypeName("char", (("ptr",),)), v("arg0"))
    assert e("(struct task_struct *)curthread") == Cast(
        1, TypeName("struct task_struct", (("ptr",),)), v("curthread")
    )
    assert e("(uint64_t)-1") == Cast(1, TypeName("uint64_t"), Unary(1, "-", i(1)))
    assert e("(const char *)p") == Cast(
        1, TypeName("char", (("ptr",),), ("const",)), v("p")
    )


def test_parenthesized_identifier_is_not_a_cast() -> None:
    assert e("(x) - 1") == Binary(1, "-", v("x"), i(1))


def test_cast_uses_given_type_names() -> None:
    assert e("(task_t)x", type_names={"task_t"}) == Cast(1, TypeName("task_t"), v("x"))
    assert e("(task_t)x", type_names=lambda n: n == "task_t") == Cast(
        1, TypeName("task_t"), v("x")
    )


def test_sizeof_stringof_offsetof_xlate() -> None:
    assert e("sizeof(int)") == SizeOf(1, type=INT)
    assert e("sizeof (x)") == SizeOf(1, operand=v("x"))
    assert e("sizeof x + 1") == Binary(1, "+", SizeOf(1, operand=v("x")), i(1))
    assert e("stringof arg0") == StringOf(1, v("arg0"))
    assert e("offsetof(struct foo, bar)") == OffsetOf(1, TypeName("struct foo"), "bar")
    assert e("xlate <psinfo_t *>(curthread)->pr_pid", type_names={"psinfo_t"}) == Member(
        1, Xlate(1, TypeName("psinfo_t", (("ptr",),)), v("curthread")), "pr_pid", True
    )


def test_variables_and_members() -> None:
    assert e("self->ts") == SelfVar(1, "ts")
    assert e("this->x") == ThisVar(1, "x")
    assert e("curthread->real_parent->pid") == Member(
        1, Member(1, v("curthread"), "real_parent", True), "pid", True
    )
    assert e("s.a") == Member(1, v("s"), "a", False)
    assert e("p->string") == Member(1, v("p"), "string", True)


def test_aggregations_and_subscripts() -> None:
    assert e("@") == AggRef(1, "")
    assert e("@foo") == AggRef(1, "foo")
    assert e("@[1, 2]") == AggRef(1, "", (i(1), i(2)))
    assert e("@cnt[execname] = count()") == Assign(
        1, "=", AggRef(1, "cnt", (v("execname"),)), Call(1, "count")
    )
    assert e("a[i, j]") == Index(1, v("a"), (v("i"), v("j")))
    assert e("self->a[1]") == Index(1, SelfVar(1, "a"), (i(1),))


def test_calls() -> None:
    assert e("printf(\"%d\\n\", x)") == Call(1, "printf", (StrLit(1, b"%d\n"), v("x")))
    assert e("f(a, (b, c))") == Call(1, "f", (v("a"), Binary(1, ",", v("b"), v("c"))))


def test_backquoted_symbols() -> None:
    assert e("`max_pfn") == Ident(1, "max_pfn", "")
    assert e("vmlinux`max_pfn") == Ident(1, "max_pfn", "vmlinux")


def test_string_concatenation() -> None:
    assert e('"ab" "cd"') == StrLit(1, b"abcd")


def test_integer_literals_carry_suffix_and_radix() -> None:
    assert e("0x10UL") == IntLit(1, 16, "ul", False)
    assert e("'a'") == IntLit(1, 97, "char")


def test_macro_arguments_in_expressions() -> None:
    assert e("$1 + $2", macros={"1": "5", "2": "-3"}) == Binary(
        1, "+", i(5), Unary(1, "-", i(3))
    )
    assert e("$1", macros={"1": "foo"}) == v("foo")
    assert e("$$1", macros={"1": "foo"}) == StrLit(1, b"foo")
    assert e("$target", macros={"target": "1234"}) == i(1234)
    assert e("$0") == v("dtrace")
    assert e("$$0") == StrLit(1, b"dtrace")


def test_dollar_zero_is_the_script_name() -> None:
    (stmt,) = body("x = $$0;", filename="/tmp/s.d")
    assert stmt == ExprStmt(1, Assign(1, "=", v("x"), StrLit(1, b"/tmp/s.d")))


# ----------------------------------------------------------------- statements


def test_last_statement_may_omit_semicolon() -> None:
    prog = parse("BEGIN { exit(0) }")
    assert prog == ast.Program(
        (Clause((ProbeSpec("", "", "", "BEGIN", 1),), None, (ExprStmt(1, Call(1, "exit", (IntLit(1, 0, "", False),))),), 1),)
    )


def test_empty_statements_are_dropped() -> None:
    assert body(";;x = 1;;") == (ExprStmt(1, Assign(1, "=", v("x"), i(1))),)
    assert body("") == ()


def test_if_else() -> None:
    (stmt,) = body("if (x) { a = 1; b = 2; } else if (y) c = 3; else ;")
    assert stmt == IfStmt(
        1,
        v("x"),
        (ExprStmt(1, Assign(1, "=", v("a"), i(1))), ExprStmt(1, Assign(1, "=", v("b"), i(2)))),
        (IfStmt(1, v("y"), (ExprStmt(1, Assign(1, "=", v("c"), i(3))),), ()),),
    )


def test_if_without_else_and_blocks() -> None:
    assert body("if (x) y++ ") == body("if (x) { y++; }")
    assert body("{ a = 1; }") == (Block(1, (ExprStmt(1, Assign(1, "=", v("a"), i(1))),)),)


# ------------------------------------------------------------------- clauses


def test_clause_with_predicate_and_several_probes() -> None:
    text = "syscall::read:entry,\nsyscall::write:entry\n/pid == $target/\n{\n  @[probefunc] = count();\n}\n"
    prog = parse(text, macros={"target": "42"}, filename="t.d")
    assert prog.items == (
        Clause(
            (ProbeSpec("syscall", "", "read", "entry", 1), ProbeSpec("syscall", "", "write", "entry", 2)),
            Binary(3, "==", v("pid", 3), i(42, 3)),
            (ExprStmt(5, Assign(5, "=", AggRef(5, "", (v("probefunc", 5),)), Call(5, "count"))),),
            1,
        ),
    )


def test_probe_description_forms() -> None:
    prog = parse(
        "BEGIN {} read:entry {} pid$target:libc.so.6:malloc:entry {} fbt::[a-c]*:entry {}",
        macros={"target": "77"},
    )
    assert [c.probes[0] for c in prog.clauses] == [
        ProbeSpec("", "", "", "BEGIN", 1),
        ProbeSpec("", "", "read", "entry", 1),
        ProbeSpec("pid77", "libc.so.6", "malloc", "entry", 1),
        ProbeSpec("fbt", "", "[a-c]*", "entry", 1),
    ]


def test_probe_by_id() -> None:
    (clause,) = parse("123 { }").clauses
    assert clause.probes == (ProbeSpec("", "", "", "", 1, id=123),)


def test_probe_last_field_option() -> None:
    (clause,) = parse("syscall", probe_last="provider").clauses
    assert clause.probes == (ProbeSpec("syscall", "", "", "", 1),)
    (clause,) = parse("vmlinux:read", probe_last="function").clauses
    assert clause.probes == (ProbeSpec("", "vmlinux", "read", "", 1),)


def test_bare_probe_description_is_a_default_clause_on_the_command_line() -> None:
    assert parse("BEGIN").items == (Clause((ProbeSpec("", "", "", "BEGIN", 1),), None, (), 1),)
    assert len(parse("BEGIN END").items) == 2


def test_bare_probe_description_in_a_file() -> None:
    assert err("\nBEGIN\n", filename="x.d") == (
        "expected predicate and/or actions following probe description", "D_SYNTAX", 2,
    )


def test_predicate_without_actions() -> None:
    assert err("BEGIN\n/x/", filename="x.d") == (
        "expected actions { } following probe description and predicate", "D_SYNTAX", 2,
    )


def test_type_name_word_is_a_probe_on_the_command_line() -> None:
    (clause,) = parse("uint64_t { }").clauses
    assert clause.probes[0].name == "uint64_t"


# ------------------------------------------------------------- declarations


def test_simple_declarations() -> None:
    prog = parse("int x, *y; self int z; this string s; static long long w;")
    assert prog.items == (
        Decl(None, INT, (Declarator("x", INT, 1), Declarator("y", TypeName("int", (("ptr",),)), 1)), 1),
        Decl("self", INT, (Declarator("z", INT, 1),), 1),
        Decl("this", TypeName("string"), (Declarator("s", TypeName("string"), 1),), 1),
        Decl("static", TypeName("long long"), (Declarator("w", TypeName("long long"), 1),), 1),
    )


@pytest.mark.parametrize(
    ("spec", "name"),
    [
        ("unsigned", "unsigned int"),
        ("signed", "int"),
        ("unsigned char", "unsigned char"),
        ("signed char", "signed char"),
        ("short int", "short"),
        ("unsigned short", "unsigned short"),
        ("long", "long"),
        ("long int", "long"),
        ("unsigned long", "unsigned long"),
        ("long long", "long long"),
        ("unsigned long long int", "unsigned long long"),
        ("long unsigned long", "unsigned long long"),
        ("long double", "long double"),
        ("const volatile int", "int"),
        ("uint64_t", "uint64_t"),
    ],
)
def test_base_type_spelling(spec: str, name: str) -> None:
    (decl,) = parse(f"{spec} x;", filename="t.d").items
    assert isinstance(decl, Decl) and decl.base.base == name


@pytest.mark.parametrize(
    ("text", "message", "tag"),
    [
        ("int char x;", "invalid type combination", "D_DECL_COMBO"),
        ("long char x;", "invalid type declaration: short and long may not be used with char type", "D_DECL_CHARATTR"),
        ("unsigned void x;", "invalid type declaration: attributes may not be used with void type", "D_DECL_VOIDATTR"),
        ("unsigned string x;", "invalid type declaration: signed and unsigned may only be used with integer type", "D_DECL_SIGNINT"),
        ("long string x;", "invalid type declaration: long and long long may only be used with integer or floating-point type", "D_DECL_LONGINT"),
        ("static extern int x;", "only one storage class allowed in a declaration", "D_DECL_CLASS"),
    ],
)
def test_declaration_specifier_errors(text: str, message: str, tag: str) -> None:
    assert err(text) == (message, tag, 1)


def test_declarators() -> None:
    (decl,) = parse("int a[4], b[2][3], c[], *d[4], (*e)[4], *(*f)(int, char *), g[int, string];").items
    assert isinstance(decl, Decl)
    got = {d.name: d.type.derived for d in decl.names}
    cp = TypeName("char", (("ptr",),))
    assert got == {
        "a": (("array", 4),),
        "b": (("array", 2), ("array", 3)),
        "c": (("array", None),),
        "d": (("array", 4), ("ptr",)),
        "e": (("ptr",), ("array", 4)),
        "f": (("ptr",), ("func", (INT, cp)), ("ptr",)),
        "g": (("assoc", (INT, TypeName("string"))),),
    }


def test_array_size_expression() -> None:
    (decl,) = parse("int a[2 * 8], b[N];").items
    assert isinstance(decl, Decl)
    assert decl.names[0].type.derived == (("array", 16),)
    assert decl.names[1].type.derived == (("array", v("N")),)


def test_function_pointer_with_varargs_and_qualified_pointer() -> None:
    (decl,) = parse("void (*fp)(int, ...); char *const volatile p;").items[:1]
    assert isinstance(decl, Decl)
    assert decl.names[0].type == TypeName(
        "void", (("ptr",), ("func", (INT, TypeName("...")))))
    (_, decl2) = parse("void (*fp)(int, ...); char *const volatile p;").items
    assert isinstance(decl2, Decl)
    assert decl2.names[0].type.derived == (("ptr", ("const", "volatile")),)


def test_typedef_makes_a_type_name() -> None:
    prog = parse("typedef struct foo foo_t;\nfoo_t *p;\nBEGIN { x = (foo_t *)0; }", filename="t.d")
    typedef, decl, clause = prog.items
    assert typedef == Decl("typedef", TypeName("struct foo"), (Declarator("foo_t", TypeName("struct foo"), 1),), 1)
    assert decl == Decl(None, TypeName("foo_t"), (Declarator("p", TypeName("foo_t", (("ptr",),)), 2),), 2)
    assert isinstance(clause, Clause)
    assert clause.body == (ExprStmt(3, Assign(3, "=", v("x", 3), Cast(3, TypeName("foo_t", (("ptr",),)), IntLit(3, 0, "", False)))),)


def test_struct_union_enum_definitions() -> None:
    prog = parse(
        "struct point { int x, y; unsigned flags : 3; unsigned : 5; struct point *next; };\n"
        "union u { char c; long l; } uu;\n"
        "enum color { RED, GREEN = 5, BLUE };\n"
        "struct fwd;"
    )
    s, u, en, fwd = prog.items
    assert s == Decl(
        None,
        TypeName("struct point", struct_def=StructDef("struct", "point", (
            StructMember("x", INT, None, 1),
            StructMember("y", INT, None, 1),
            StructMember("flags", TypeName("unsigned int"), 3, 1),
            StructMember("", TypeName("unsigned int"), 5, 1),
            StructMember("next", TypeName("struct point", (("ptr",),)), None, 1),
        ), 1)),
        (),
        1,
    )
    assert isinstance(u, Decl) and u.base.struct_def is not None
    assert u.base.struct_def.kind == "union" and [d.name for d in u.names] == ["uu"]
    assert en == Decl(
        None,
        TypeName("enum color", enum_def=EnumDef("color", (
            Enumerator("RED", None, 3), Enumerator("GREEN", i(5, 3), 3), Enumerator("BLUE", None, 3),
        ), 3)),
        (),
        3,
    )
    assert fwd == Decl(None, TypeName("struct fwd"), (), 4)


def test_scoped_type_names() -> None:
    assert e("(struct can`dev_rcv_lists *)NULL") == Cast(
        1, TypeName("struct dev_rcv_lists", (("ptr",),), module="can"), v("NULL")
    )
    assert e("(vmlinux`struct task_struct *)p") == Cast(
        1, TypeName("struct task_struct", (("ptr",),), module="vmlinux"), v("p")
    )
    assert parse_type("vmlinux`pid_t") == TypeName("pid_t", module="vmlinux")


def test_parse_type() -> None:
    assert parse_type("struct task_struct *") == TypeName("struct task_struct", (("ptr",),))
    assert parse_type("void (*)(int)") == TypeName("void", (("ptr",), ("func", (INT,))))
    assert parse_type("char [16]") == TypeName("char", (("array", 16),))


def test_inline_translator_provider() -> None:
    prog = parse(
        "inline int NCPU = 2 + 2;\n"
        "translator psinfo_t < struct task_struct *T > {\n"
        "  pr_pid = T->pid;\n"
        "  pr_fname = stringof(T->comm);\n"
        "};\n"
        "provider myapp {\n"
        "  probe query__start(char *, int) : (char *);\n"
        "  probe done();\n"
        "};\n",
        type_names={"psinfo_t"},
    )
    inline, xl, prov = prog.items
    assert inline == Inline(INT, "NCPU", Binary(1, "+", i(2), i(2)), 1)
    assert xl == Translator(
        TypeName("psinfo_t"),
        TypeName("struct task_struct", (("ptr",),)),
        "T",
        (
            TranslatorMember("pr_pid", Member(3, v("T", 3), "pid", True), 3),
            TranslatorMember("pr_fname", StringOf(4, Member(4, v("T", 4), "comm", True)), 4),
        ),
        5,  # the line that ends the declaration, where DTrace reports its errors
    )
    cp = TypeName("char", (("ptr",),))
    assert prov == ProviderDef("myapp", (
        ProviderProbe("query__start", (cp, INT), (cp,), 7),
        ProviderProbe("done", (), None, 8),
    ), 6)


def test_pragmas_become_items_in_order() -> None:
    prog = parse("#pragma D option quiet\nBEGIN {\n#pragma D option switchrate=10hz\n}\n#pragma D depends_on module vmlinux\n")
    assert prog.items == (
        Pragma("option", ("quiet",), 1),
        Clause((ProbeSpec("", "", "", "BEGIN", 2),), None, (), 2),
        Pragma("option", ("switchrate=10hz",), 3),
        Pragma("depends_on", ("module", "vmlinux"), 5),
    )


def test_interpreter_line_and_empty_program() -> None:
    assert parse("#!/usr/sbin/dtrace -s\n").items == ()
    assert parse("").items == ()


# -------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BEGIN { x = }", ('syntax error near "}"', "D_SYNTAX", 1)),
        ("BEGIN { x = 1", ("syntax error near end of input", "D_SYNTAX", 1)),
        ("BEGIN\n{\n  x = 1\n  y = 2;\n}\n", ('syntax error near "y = 2;"', "D_SYNTAX", 4)),
        ("BEGIN { x = 1 + ; }", ('syntax error near ";"', "D_SYNTAX", 1)),
        ("BEGIN { a + b = 1; }", ('syntax error near "="', "D_SYNTAX", 1)),
        ("BEGIN { (int)a = 1; }", ('syntax error near "="', "D_SYNTAX", 1)),
        ("BEGIN { for (;;) ; }", ('syntax error near "for"', "D_SYNTAX", 1)),
        ("BEGIN { x = \"a\" \"b }", ('syntax error near """', "D_SYNTAX", 1)),
        ("BEGIN { trace(size_t); }", ('syntax error near "size_t); }"', "D_SYNTAX", 1)),
        ("{ }", ('syntax error near "{"', "D_SYNTAX", 1)),
        ("BEGIN ; }", ('syntax error near ";"', "D_SYNTAX", 1)),
        ("BEGIN,", ("syntax error near end of input", "D_SYNTAX", 1)),
        ("int x = 5;", ('syntax error near "="', "D_SYNTAX", 1)),
        ("BEGIN { x = 1.5; }", ("floating-point constants are not permitted", "D_SYNTAX", 1)),
        ("BEGIN { x = (1 + 2; }", ('syntax error near ";"', "D_SYNTAX", 1)),
        ("BEGIN /(x/ { }", ("closing ) expected in predicate before /", "D_SYNTAX", 1)),
        ("BEGIN { x = y) }", ("extra ) in input stream", "D_SYNTAX", 1)),
        ("BEGIN { (x)(1); }", ("function designator is not of function type", "D_FUNC_IDENT", 1)),
        ("BEGIN\n{\n  x = 1;\n", ("syntax error near end of input", "D_SYNTAX", 4)),
        ("translator x < int y > { };", ('syntax error near "x < int y > { };"', "D_SYNTAX", 1)),
        ("typedef pint new_int;\n", ('syntax error near "new_int;"', "D_SYNTAX", 1)),
        ("\n\nint*x\n", ("syntax error near end-of-input", "D_SYNTAX", 4)),
        ("#pragma D option pspec\nint*x\n", ("expected predicate and/or actions following probe description", "D_SYNTAX", 2)),
        ("BEGIN { x = 1 trace(1); }", ('syntax error near "trace(1); }"', "D_SYNTAX", 1)),
        ("BEGIN { i = 123$pid; }", ('syntax error near "$pid"', "D_SYNTAX", 1)),
        ("BEGIN { x = $-1; }", ('syntax error near "$"', "D_SYNTAX", 1)),
        ("BEGIN { x[10]=[0, 1]; }", ('syntax error near "["', "D_SYNTAX", 1)),
        ("long struct s { int i; };", ("invalid type declaration: long and long long may only be used with integer or floating-point type", "D_DECL_LONGINT", 1)),
        ("unsigned struct s { int i; };", ("invalid type declaration: signed and unsigned may only be used with integer type", "D_DECL_SIGNINT", 1)),
        ("struct foo`bar {\n};", ('syntax error near "}"', "D_SYNTAX", 2)),
        ("profile-1\n{\n\ttick-10ms\n{\n}\n}", ('syntax error near "ms"', "D_SYNTAX", 3)),
    ],
)
def test_syntax_errors(text: str, expected: tuple[str, str, int]) -> None:
    assert err(text, filename="t.d") == expected


def test_command_line_programs_report_no_line() -> None:
    assert err("BEGIN\n{ x = }", filename=None) == ('syntax error near "}"', "D_SYNTAX", 0)


def test_known_globals_are_quoted_alone() -> None:
    assert err("BEGIN { x = 1 trace(1); }", global_names={"trace"}) == (
        'syntax error near "trace"', "D_SYNTAX", 1,
    )


def test_undefined_macro_argument() -> None:
    assert err("BEGIN\n{\n  x = $1;\n}") == ("macro argument $1 is not defined", "D_MACRO_UNDEF", 3)
    (stmt,) = body("x = $1;", defaultargs=True)
    assert stmt == ExprStmt(1, Assign(1, "=", v("x"), IntLit(1, 0, "", False)))


def test_invalid_probe_descriptions() -> None:
    assert err("a:b:c:d:e { }") == (
        'invalid probe description "a:b:c:d:e": Overspecified probe description', "D_PDESC_INVAL", 1,
    )
    assert err("syscall::$2:entry { }") == (
        'invalid probe description "syscall::$2:entry": Undefined macro variable in probe description',
        "D_PDESC_INVAL",
        1,
    )


def test_macro_arguments_in_probe_descriptions() -> None:
    (clause,) = parse("syscall::$1:entry, $$2:::x$3 { }", macros={"1": "read", "2": "pid", "3": "9"}).clauses
    assert clause.probes == (
        ProbeSpec("syscall", "", "read", "entry", 1), ProbeSpec("pid", "", "", "x9", 1),
    )


def test_error_in_included_file_carries_its_name() -> None:
    with pytest.raises(CompileError) as info:
        parse('# 1 "<stdin>"\nint x;\n# 3 "/usr/include/foo.h" 1\nint y = ;\n', filename="t.d")
    assert (info.value.message, info.value.line) == ('syntax error near "="', 3)
    assert getattr(info.value, "filetag", None) == "/usr/include/foo.h"


def test_large_program_parses() -> None:
    clause = "syscall::read:entry /pid == 42 && arg0 > 2/ { @[execname, probefunc] = count(); self->t = timestamp; }\n"
    prog = parse(clause * 500)
    assert len(prog.items) == 500


def test_impossible_type_words_are_spelled_as_dtrace_does() -> None:
    # DTrace fails later, in type resolution: "failed to resolve type short long : ..."
    assert e("(long short)0") == Cast(1, TypeName("short long "), IntLit(1, 0, "", False))
    assert parse_type("signed unsigned char") == TypeName("signed unsigned char")
    assert parse_type("long long long") == TypeName("long long long ")


def test_defaultargs_pragma_applies_to_the_rest_of_the_program() -> None:
    (_, clause) = parse("#pragma D option defaultargs\nBEGIN { x = $3; }", filename="t.d").items
    assert isinstance(clause, Clause)
    assert clause.body == (ExprStmt(2, Assign(2, "=", v("x", 2), IntLit(2, 0, "", False))),)


def test_on_item_sees_items_as_they_are_parsed() -> None:
    seen: list[str] = []

    def check(item: ast.Item) -> None:
        seen.append(type(item).__name__)
        if isinstance(item, Decl):
            raise CompileError("identifier redeclared: x", tag="D_DECL_IDRED", line=item.line)

    with pytest.raises(CompileError) as info:
        parse("#pragma D option quiet\nint x;\nBEGIN { x = }\n", filename="t.d", on_item=check)
    assert seen == ["Pragma", "Decl"]
    assert (info.value.tag, info.value.line) == ("D_DECL_IDRED", 2)
