"""Lexer: tokens of D, in the outer (clause) and expression states."""

from __future__ import annotations

import pytest

from pydtrace.errors import CompileError
from pydtrace.lang.lexer import CLAUSE, EXPR, Lexer, tokenize, unescape


def kinds(text: str, state: str = EXPR, **kw: object) -> list[tuple[str, object]]:
    return [(t.kind, t.value) for t in tokenize(text, state, **kw)][:-1]


def lex_error(text: str, state: str = EXPR, **kw: object) -> tuple[str, str | None, int]:
    with pytest.raises(CompileError) as info:
        tokenize(text, state, **kw)
    return info.value.message, info.value.tag, info.value.line


# ------------------------------------------------------------------ operators


def test_operators_longest_match() -> None:
    text = "a >>= b <<= c ... -> ++ -- && || ^^ == != <= >= << >> += -= *= %= &= ^= |="
    got = [t.kind for t in tokenize(text)][:-1]
    assert got == [
        "IDENT", ">>=", "IDENT", "<<=", "IDENT", "...", "->", "++", "--", "&&", "||", "^^",
        "==", "!=", "<=", ">=", "<<", ">>", "+=", "-=", "*=", "%=", "&=", "^=", "|=",
    ]


def test_single_char_operators() -> None:
    got = [t.kind for t in tokenize("( ) [ ] { } | ^ & < > + - * % ~ ! ? : = , ;")][:-1]
    assert got == list("()[]{}|^&<>+-*%~!?:=,;")


def test_keywords_and_identifiers() -> None:
    assert kinds("if else sizeof stringof self this foo _bar9") == [
        ("if", None), ("else", None), ("sizeof", None), ("stringof", None),
        ("self", None), ("this", None), ("IDENT", "foo"), ("IDENT", "_bar9"),
    ]


def test_reserved_words_are_keywords() -> None:
    assert [t.kind for t in tokenize("for while switch")][:-1] == ["for", "while", "switch"]


def test_member_names_may_be_keywords() -> None:
    assert kinds("p->string . self") == [
        ("IDENT", "p"), ("->", None), ("IDENT", "string"), (".", None), ("IDENT", "self"),
    ]


def test_backquoted_identifiers() -> None:
    assert kinds("`max_pfn vmlinux`max_pfn 9p`sym") == [
        ("IDENT", "`max_pfn"), ("IDENT", "vmlinux`max_pfn"), ("IDENT", "9p`sym"),
    ]


def test_aggregations() -> None:
    assert kinds("@ @foo @_x") == [("AGG", ""), ("AGG", "foo"), ("AGG", "_x")]


# ------------------------------------------------------------------- integers


@pytest.mark.parametrize(
    ("text", "value", "suffix", "decimal"),
    [
        ("0", 0, "", False),
        ("42", 42, "", True),
        ("0x1F", 31, "", False),
        ("0XffU", 255, "u", False),
        ("017", 15, "", False),
        ("10ul", 10, "ul", True),
        ("10LL", 10, "ll", True),
        ("7uLL", 7, "ull", True),
        ("18446744073709551615u", 2**64 - 1, "u", True),
        ("0xffffffffffffffff", 2**64 - 1, "", False),
    ],
)
def test_integer_constants(text: str, value: int, suffix: str, decimal: bool) -> None:
    (tok, _eof) = tokenize(text)
    assert (tok.kind, tok.value, tok.suffix, tok.decimal, tok.text) == (
        "INT", value, suffix, decimal, text,
    )


def test_integer_overflow() -> None:
    assert lex_error("x = 18446744073709551616;") == (
        "constant 18446744073709551616 results in integer overflow", "D_INT_OFLOW", 1,
    )


def test_decimal_too_big_for_signed_types() -> None:
    assert lex_error("9223372036854775808") == (
        "integer constant 0x8000000000000000 cannot be represented in any built-in "
        "integral type",
        "D_INT_OFLOW",
        1,
    )


def test_invalid_octal_digit() -> None:
    assert lex_error("\n09") == ("constant 09 contains invalid digit 9", "D_INT_DIGIT", 2)


@pytest.mark.parametrize("text", ["1.5", "1e3", ".5", "3f", "2."])
def test_floating_point_refused(text: str) -> None:
    assert lex_error(text) == ("floating-point constants are not permitted", "D_SYNTAX", 1)


# ------------------------------------------------------------ chars and strings


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("'a'", 97),
        ("'\\n'", 10),
        ("'\\0'", 0),
        ("'\\377'", 255),
        ("'\\x41'", 65),
        ("'ab'", 0x6162),
        ("'\\''", 0x5C27),  # DTrace does not unescape \' : the backslash stays
        ("'abcdefgh'", int.from_bytes(b"abcdefgh", "big")),
    ],
)
def test_character_constants(text: str, value: int) -> None:
    (tok, _eof) = tokenize(text)
    assert (tok.kind, tok.value, tok.suffix) == ("INT", value, "char")


def test_character_constant_errors() -> None:
    assert lex_error("''") == ("empty character constant", "D_CHR_NULL", 1)
    assert lex_error("'abcdefghi'") == ("character constant is too long", "D_CHR_OFLOW", 1)
    assert lex_error("x = 'a\n'") == (
        "newline encountered in character constant", "D_CHR_NL", 2,
    )


def test_string_escapes() -> None:
    text = r'"a\tb\n\\\"\'\a\b\f\r\v\101\x42\q"'
    (tok, _eof) = tokenize(text)
    assert tok.kind == "STRING"
    assert tok.text == text
    # \' is no escape in DTrace: like an unknown one it keeps its backslash
    assert tok.value == b"a\tb\n\\\"\\'\a\b\f\r\vAB\\q"


def test_string_ends_at_nul() -> None:
    assert kinds('"abc\\0def"') == [("STRING", b"abc")]


def test_unescape_hex_takes_all_digits() -> None:
    assert unescape(r"\x4142") == bytes([0x42])
    assert unescape(r"\1234") == b"S4"


def test_string_errors() -> None:
    assert lex_error('x = "abc\n";') == (
        "newline encountered in string literal", "D_STR_NL", 2,
    )
    assert lex_error('x = "abc') == ('syntax error near """', "D_SYNTAX", 1)


# ------------------------------------------------------------------ comments


def test_comments_and_line_numbers() -> None:
    toks = tokenize("a /* one\ntwo */ b // three\nc")
    assert [(t.kind, t.value, t.line) for t in toks] == [
        ("IDENT", "a", 1), ("IDENT", "b", 2), ("IDENT", "c", 3), ("EOF", None, 3),
    ]


def test_comment_errors() -> None:
    assert lex_error("a /* x /* y */") == ("/* encountered inside a comment", "D_SYNTAX", 1)
    assert lex_error("a /* x\n\n") == (
        "end-of-file encountered before matching */", "D_SYNTAX", 3,
    )


def test_line_continuation() -> None:
    assert [(t.value, t.line) for t in tokenize("a \\\nb")][:-1] == [("a", 1), ("b", 2)]


def test_invalid_characters() -> None:
    assert lex_error("a # b") == ('syntax error near "#"', "D_SYNTAX", 1)
    assert lex_error("\n\n  $") == ('syntax error near "$"', "D_SYNTAX", 3)


# ---------------------------------------------------------------- predicates


def test_slash_closes_predicate_before_brace() -> None:
    assert [t.kind for t in tokenize("a / b /\n{")][:-1] == ["IDENT", "/", "IDENT", "EPRED", "{"]


def test_slash_before_eof_semicolon_or_slash() -> None:
    assert [t.kind for t in tokenize("a/")][:-1] == ["IDENT", "EPRED"]
    assert [t.kind for t in tokenize("a/;")][:-1] == ["IDENT", "EPRED", ";"]
    assert [t.kind for t in tokenize("a /= 2")][:-1] == ["IDENT", "/=", "INT"]


def test_unbalanced_predicate() -> None:
    assert lex_error("(a / {") == ("closing ) expected in predicate before /", "D_SYNTAX", 1)
    assert lex_error("a[1 / {") == ("closing ] expected in predicate before /", "D_SYNTAX", 1)


def test_extra_closers() -> None:
    assert lex_error("a)") == ("extra ) in input stream", "D_SYNTAX", 1)
    assert lex_error("a]") == ("extra ] in input stream", "D_SYNTAX", 1)
    assert lex_error("}") == ("extra } in input stream", "D_SYNTAX", 1)


# --------------------------------------------------------------- outer state


def test_probe_descriptions_are_single_tokens() -> None:
    text = "syscall::open*:entry, profile-97 tick-1sec pid$target:libc.so.6:malloc:entry"
    assert kinds(text, CLAUSE) == [
        ("PSPEC", "syscall::open*:entry"), (",", None), ("PSPEC", "profile-97"),
        ("PSPEC", "tick-1sec"), ("PSPEC", "pid$target:libc.so.6:malloc:entry"),
    ]


def test_glob_and_escape_characters_in_probe_descriptions() -> None:
    assert kinds("fbt::[a-c]*:entry fbt::\\[x\\]:ret?rn BEGIN", CLAUSE) == [
        ("PSPEC", "fbt::[a-c]*:entry"), ("PSPEC", "fbt::\\[x\\]:ret?rn"), ("PSPEC", "BEGIN"),
    ]


def test_outer_keyword_switches_to_expression_state() -> None:
    lexer = Lexer("int x-y")
    assert lexer.next().kind == "int"
    assert [lexer.next().kind for _ in range(3)] == ["IDENT", "-", "IDENT"]


def test_type_names_start_declarations_in_files() -> None:
    assert kinds("uint64_t x", CLAUSE)[0] == ("TNAME", "uint64_t")
    assert kinds("uint64_t x", CLAUSE, pspec_only=True)[0] == ("PSPEC", "uint64_t")


def test_type_name_followed_by_star_is_a_pointer() -> None:
    lexer = Lexer("size_t*p;")
    assert [(t.kind, t.text) for t in (lexer.next(), lexer.next(), lexer.next())] == [
        ("TNAME", "size_t"), ("*", "*"), ("IDENT", "p"),
    ]
    assert kinds("read* {", CLAUSE) == [("PSPEC", "read*"), ("{", None)]


def test_probe_id_in_clause_state() -> None:
    assert kinds("123 {", CLAUSE) == [("INT", 123), ("{", None)]


def test_interpreter_line_ignored() -> None:
    assert kinds("#!/usr/sbin/dtrace -s\nBEGIN", CLAUSE) == [("PSPEC", "BEGIN")]


# ------------------------------------------------------------ ident vs type


def test_identifier_or_type_heuristics() -> None:
    # A type name followed by an assignment is a variable from then on.
    assert kinds("(size_t) size_t = 1; (size_t)") == [
        ("(", None), ("TNAME", "size_t"), (")", None),
        ("IDENT", "size_t"), ("=", None), ("INT", 1), (";", None),
        ("(", None), ("IDENT", "size_t"), (")", None),
    ]


def test_struct_tag_is_a_type_name() -> None:
    assert kinds("struct foo") == [("struct", None), ("TNAME", "foo")]


def test_custom_type_predicate() -> None:
    assert kinds("(pid_t)(task)", is_type=lambda s: s == "task") == [
        ("(", None), ("IDENT", "pid_t"), (")", None), ("(", None), ("TNAME", "task"), (")", None),
    ]


# -------------------------------------------------------------- macro args


def test_macro_arguments() -> None:
    macros = {"1": "42", "2": "foo", "3": "hello world", "4": '"quoted"', "5": "-7", "6": "0x10"}
    toks = tokenize("$1 $2 $3 $4 $5 $6 $$1", macros=macros)[:-1]
    assert [(t.kind, t.value, t.text, t.prefix) for t in toks] == [
        ("INT", 42, "$1", ""),
        ("IDENT", "foo", "$2", ""),
        ("STRING", b"hello world", "$3", ""),
        ("STRING", b"quoted", "$4", ""),
        ("INT", 7, "$5", "-"),
        ("INT", 16, "$6", ""),
        ("STRING", b"42", "$$1", ""),
    ]
    assert toks[5].decimal is False


def test_macro_variables() -> None:
    macros = {"target": "1234", "pid": "99"}
    assert kinds("$target $pid $$pid", macros=macros) == [
        ("INT", 1234), ("INT", 99), ("STRING", b"99"),
    ]


def test_undefined_macros() -> None:
    assert lex_error("x = $3;", macros={"1": "a"}) == (
        "macro argument $3 is not defined", "D_MACRO_UNDEF", 1,
    )
    assert lex_error("$$2") == ("macro argument $$2 is not defined", "D_MACRO_UNDEF", 1)
    assert lex_error("$nosuch") == (
        "macro variable $nosuch is not defined", "D_MACRO_UNDEF", 1,
    )


def test_default_arguments() -> None:
    assert kinds("$4 $$4", defaultargs=True) == [("INT", 0), ("STRING", b"")]


def test_macro_integer_overflow() -> None:
    assert lex_error("$1", macros={"1": "99999999999999999999999"}) == (
        "macro argument $1 constant 99999999999999999999999 results in integer overflow",
        "D_MACRO_OFLOW",
        1,
    )


# ------------------------------------------------------------ control lines


def test_pragmas_are_collected() -> None:
    lexer = Lexer("#pragma D option quiet\n  #pragma D option bufsize=4m\n#pragma ident \"x\"\nBEGIN")
    assert lexer.next().value == "BEGIN"
    assert [(p.kind, p.words, p.line) for p in lexer.pragmas] == [
        ("option", ("quiet",), 1), ("option", ("bufsize=4m",), 2), ("ident", ("x",), 3),
    ]


def test_line_markers() -> None:
    toks = tokenize('# 10 "/dev/stdin"\na\n#line 20\nb\n')
    assert [(t.value, t.line) for t in toks][:-1] == [("a", 10), ("b", 21)]


def test_control_line_errors() -> None:
    assert lex_error("#define X 1\n") == (
        "invalid control directive: #define", "D_PRAGCTL_INVAL", 1,
    )
    assert lex_error("\n#pragma D nonsense\n") == (
        "invalid D pragma: nonsense", "D_PRAGMA_INVAL", 2,
    )
    assert lex_error("#pragma D option\n") == (
        "malformed #pragma option <option>=<val>", "D_PRAGMA_MALFORM", 1,
    )
    assert lex_error("#pragma D option a b\n") == (
        "superfluous arguments specified for #pragma option", "D_PRAGMA_MALFORM", 1,
    )
    assert lex_error("#error stop here\n") == ("#error: stop here ", "D_PRAGERR", 1)
    assert lex_error("#pragma D option quiet") == (
        "end-of-file encountered before end of control line", "D_SYNTAX", 1,
    )
    assert lex_error('# "x"\n') == ("invalid control directive", "D_PRAGCTL_INVAL", 1)


def test_unknown_plain_pragma_is_ignored() -> None:
    lexer = Lexer("#pragma once\n#\nBEGIN")
    assert lexer.next().value == "BEGIN"
    assert lexer.pragmas == []
