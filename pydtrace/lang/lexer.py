"""The D lexer: text -> tokens, in the two states DTrace's lexer uses.

D cannot be tokenised without knowing where the parser is: at the outer
level a word like ``profile-97`` or ``syscall::open*:entry`` is one probe
description, while inside a clause the same characters are several tokens.
DTrace solves this with lexer states switched by the parser, and so do we:

* ``CLAUSE`` (DTrace's S2): the outer level.  Words made of probe-description
  characters are ``PSPEC`` tokens, unless they name a type (then ``TNAME``,
  starting a declaration); the declaration keywords switch to ``EXPR``.
* ``EXPR`` (S0): C-like tokens inside clauses, predicates and declarations.

Comments, ``#!`` lines and control lines (``#pragma``, line markers) are
consumed here in both states, as DTrace does; control lines are interpreted
by :func:`pydtrace.lang.preprocess.control_line` and D pragmas are queued in
:attr:`Lexer.pragmas` for the parser.

Macro arguments (``$1``, ``$$1``, ``$target``, ...) are substituted here too,
so the parser sees the substituted token (its ``text`` stays ``$1`` so error
messages quote what the user wrote, like DTrace).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pydtrace.errors import CompileError
from pydtrace.lang import ast
from pydtrace.lang.preprocess import Word, control_line

CLAUSE = "clause"
EXPR = "expr"

# Token kinds that are not punctuation or keywords (those use their text).
INT = "INT"
STRING = "STRING"
IDENT = "IDENT"
TNAME = "TNAME"
AGG = "AGG"
PSPEC = "PSPEC"
EPRED = "EPRED"  # the "/" that closes a predicate
EOF = "EOF"

#: Keywords inside clauses and declarations (DTrace reserves all of them,
#: even those no rule uses, so ``for`` is never an identifier).
KEYWORDS = frozenset(
    """auto break case char const continue counter default do double else enum
    extern float for goto if import inline int long offsetof probe provider
    register restrict return self short signed sizeof static string stringof
    struct switch this translator typedef union unsigned void volatile while
    xlate""".split()
)

#: Keywords recognised at the outer level (they start definitions).
OUTER_KEYWORDS = frozenset(
    """auto char const counter double enum extern float import inline int long
    provider register restrict self short signed static string struct this
    translator typedef union unsigned void volatile""".split()
)

#: Keywords that can be a type name's first word.
TYPE_KEYWORDS = frozenset(
    """char const double enum float int long restrict short signed string struct
    union unsigned void volatile""".split()
)

#: Types every D program knows, used when the parser is given none: the C
#: base types (for macro arguments that name them) and D's built-in typedefs.
DEFAULT_TYPE_NAMES = frozenset(
    """char short int long float double void signed unsigned
    int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t
    intptr_t uintptr_t ssize_t size_t ptrdiff_t uchar_t ushort_t uint_t
    ulong_t u_longlong_t id_t pid_t ipaddr_t
    bool u8 u16 u32 u64 s8 s16 s32 s64 __u8 __u16 __u32 __u64 __s8 __s16 __s32 __s64
    ushort uint ulong""".split()
)

_C_TYPE_WORDS = frozenset("char short int long float double void signed unsigned".split())

# Longest first, so that the first match is the longest operator.
_OPERATORS = sorted(
    """>>= <<= ... -> ++ -- && || ^^ == != <= >= << >> += -= *= /= %= &= ^= |=
    ( ) [ ] { } | ^ & < > + - * % ~ ! ? : . = , ;""".split(),
    key=len,
    reverse=True,
)
_OPERATOR_SET = frozenset(_OPERATORS)
_OPERATOR_LENGTHS = sorted({len(op) for op in _OPERATORS}, reverse=True)

_RE_WS = re.compile(r"[ \t\r\f\v]+")
_RE_PSPEC = re.compile(r"[-$:a-zA-Z_.?*\\\[\]!][-$:0-9a-zA-Z_.`?*\\\[\]!]*")
_RE_IDENT = re.compile(r"[a-zA-Z_`][0-9a-zA-Z_`]*|[0-9][0-9a-zA-Z_]*`[0-9a-zA-Z_`]*")
_RE_INT = re.compile(r"(?:0[xX][0-9A-Fa-f]+|[0-9]+)[uU]?[lL]?[lL]?")
_RE_FP = re.compile(r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fFlL]?")
_RE_AGG = re.compile(r"@[a-zA-Z_][0-9a-zA-Z_]*")
_RE_MACRO = re.compile(
    r"\$(\$?)([0-9]+|[a-zA-Z_`][0-9a-zA-Z_`]*|[0-9][0-9a-zA-Z_]*`[0-9a-zA-Z_`]*)"
)
_RE_CTL_WORD = re.compile(r'[^\f\n\t\v "]+')
_RE_DIGITS_PREFIX = re.compile(r"0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*")

_DIGITS = "0123456789"
_DIGITS_SET = frozenset(_DIGITS)
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"
_WORD_START = frozenset(_LETTERS + _DIGITS + "`")
_ID_CHARS = _WORD_START

_UINT64_MAX = (1 << 64) - 1
_LONG_MAX = (1 << 63) - 1

_SIMPLE_ESCAPES = {
    "a": 7,
    "b": 8,
    "f": 12,
    "n": 10,
    "r": 13,
    "t": 9,
    "v": 11,
    '"': 34,
    "\\": 92,
}


@dataclass(slots=True)
class Token:
    """One token.  ``text`` is the lexeme as written (DTrace's yytext, used in
    "near" messages); ``value`` is the int, string bytes or name it means."""

    kind: str
    text: str
    line: int
    value: object = None
    #: integer constants: C suffix, lower-cased; "char" for character constants
    suffix: str = ""
    #: integer constants: written in decimal (decides C's type rules)
    decimal: bool = True
    #: "-" or "+" when a macro argument like "-5" supplied the integer
    prefix: str = ""
    #: what DTrace quotes in "syntax error near ..." when that is not ``text``
    near: str | None = None


class IncludedFileError(CompileError):
    """A compile error in a file named by a line marker (an #include under -C).

    DTrace prints these as ``"file", line N: message``.
    """

    def __init__(self, message: str, tag: str | None, line: int, filetag: str) -> None:
        super().__init__(message, tag=tag, line=line)
        self.filetag = filetag


def unescape(body: str) -> bytes:
    """Apply C escapes to a literal's body, as DTrace's stresc2chr does.

    Octal takes up to three digits, ``\\x`` takes every hex digit that
    follows (the value wraps to a byte); unknown escapes keep their backslash.
    """
    raw = body.encode("utf-8", "surrogateescape")
    if b"\\" not in raw:
        return raw
    out = bytearray()
    i, n = 0, len(raw)
    while i < n:
        c = raw[i]
        if c != 0x5C or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        e = chr(raw[i + 1])
        i += 2
        if e in "01234567":
            v = int(e)
            for _ in range(2):
                if i < n and 0x30 <= raw[i] <= 0x37:
                    v = v * 8 + raw[i] - 0x30
                    i += 1
            out.append(v & 0xFF)
        elif e == "x":
            v = 0
            while i < n and chr(raw[i]) in "0123456789abcdefABCDEF":
                v = v * 16 + int(chr(raw[i]), 16)
                i += 1
            out.append(v & 0xFF)
        elif e in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[e])
        else:
            out += b"\\" + e.encode("latin-1")
    return bytes(out)


def _c_string(data: bytes) -> bytes:
    """D strings are C strings: an embedded NUL ends them."""
    nul = data.find(0)
    return data if nul < 0 else data[:nul]


def parse_int_text(text: str) -> tuple[int, str, int]:
    """strtoull(text, &end, 0): (value, rest, digits consumed); value may be huge."""
    m = _RE_DIGITS_PREFIX.match(text)
    if m is None:
        return 0, text, 0
    digits = m.group()
    if digits[:2] in ("0x", "0X"):
        value = int(digits[2:], 16)
    elif digits.startswith("0"):
        value = int(digits, 8)
    else:
        value = int(digits)
    return value, text[m.end() :], m.end()


def int_fits(value: int, suffix: str, decimal: bool) -> bool:
    """Whether some D integer type can hold this constant (dt_node_int)."""
    if "u" in suffix or not decimal:
        return value <= _UINT64_MAX
    return value <= _LONG_MAX


class Lexer:
    """Produces tokens on demand; the parser switches :attr:`state`.

    ``idents`` is the set of names known to be variables, shared with the
    parser: like DTrace, a word followed by ``=``, ``[``, ``;``, ``++``... is
    taken as a variable and remembered, so later casts cannot mistake it for
    a type.  ``is_type`` answers whether a word names a type.
    """

    def __init__(
        self,
        text: str,
        *,
        macros: Mapping[str, str] | None = None,
        defaultargs: bool = False,
        is_type: Callable[[str], bool] | None = None,
        is_global: Callable[[str], bool] | None = None,
        pspec_only: bool = False,
    ) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.state = CLAUSE
        self.macros = dict(macros or {})
        self.defaultargs = defaultargs
        #: the $N macro arguments the text referred to (DTrace checks the last is used)
        self.used_args: set[int] = set()
        known = is_type or DEFAULT_TYPE_NAMES.__contains__
        # C's own type words are always types (macro text may spell them).
        self.is_type: Callable[[str], bool] = lambda s: s in _C_TYPE_WORDS or known(s)
        #: names of D's built-in identifiers (never types, never peeked at)
        self.is_global: Callable[[str], bool] = is_global or (lambda s: False)
        #: -n/-P/-m/-f programs: outer words are always probe descriptions
        self.pspec_only = pspec_only
        self.idents: set[str] = set()
        #: parser feedback (DTrace's pcb flags)
        self.in_typedef = False
        self.xlator_input = False
        self.parens = 0
        self.brackets = 0
        self.braces = 0
        self._sou_type = False  # just saw struct/union/enum: next word is a tag
        self._sou_deref = False  # just saw "." or "->": next word is a member
        self.filetag = ""  # "" = the main script
        self.pragmas: list[ast.Pragma] = []
        #: DTrace quirk: a word at the very end of the input makes DTrace's
        #: lexer push back a NUL, which the next read reports as
        #: "syntax error near end-of-input" (at the word's line).  Only
        #: whole programs behave so; :func:`parse_expression` turns it off.
        self.eof_nul_quirk = True
        self._nul_line: int | None = None

    # ---------------------------------------------------------------- errors

    def error(self, message: str, tag: str = "D_SYNTAX", line: int | None = None) -> CompileError:
        line = self.line if line is None else line
        if self.filetag:
            return IncludedFileError(message, tag, line, self.filetag)
        return CompileError(message, tag=tag, line=line)

    def syntax_error(self, tok: Token) -> CompileError:
        """yacc's error, worded as DTrace words it."""
        if tok.kind == EOF:
            return self.error("syntax error near end of input", line=tok.line)
        near = tok.text if tok.near is None else tok.near
        return self.error(f'syntax error near "{near}"', line=tok.line)

    # ------------------------------------------------------------ scanning

    def _skip_blanks(self) -> None:
        """Skip whitespace, comments, ``#!`` lines and control lines."""
        text, n = self.text, len(self.text)
        while self.pos < n:
            c = text[self.pos]
            if c == "\n":
                self.line += 1
                self.pos += 1
            elif c in " \t\r\f\v":
                self.pos = _RE_WS.match(text, self.pos).end()
            elif c == "/" and text.startswith("/*", self.pos):
                self._skip_comment()
            elif (
                c == "/"
                and text.startswith("//", self.pos)
                and not (self.state == EXPR and text.startswith("//*", self.pos))
            ):
                # A line comment: not in DTrace without -C, but unambiguous
                # ("//" is never valid D) except in "/pred//* c */".
                end = text.find("\n", self.pos)
                self.pos = n if end < 0 else end
            elif c == "#" and self._at_line_start():
                if text.startswith("#!", self.pos):
                    end = text.find("\n", self.pos)
                    self.pos = n if end < 0 else end
                else:
                    self._control_line()
            elif c == "\\" and self.state == EXPR and text.startswith("\\\n", self.pos):
                self.pos += 2
                self.line += 1
            else:
                return

    def _at_line_start(self) -> bool:
        start = self.text.rfind("\n", 0, self.pos) + 1
        return self.text[start : self.pos].strip(" \t\f\v") == ""

    def _skip_comment(self) -> None:
        text = self.text
        i = self.pos + 2
        while True:
            j = text.find("*/", i)
            nested = text.find("/*", i, len(text) if j < 0 else j)
            if nested >= 0:
                self.line += text.count("\n", self.pos, nested)
                raise self.error("/* encountered inside a comment")
            if j < 0:
                self.line += text.count("\n", self.pos)
                raise self.error("end-of-file encountered before matching */")
            self.line += text.count("\n", self.pos, j)
            self.pos = j + 2
            return

    def _control_line(self) -> None:
        """Collect the words of a ``#...`` line and act on them."""
        text, n = self.text, len(self.text)
        line = self.line
        i = self.pos + 1
        words: list[Word] = []
        while True:
            while i < n and text[i] in " \t\f\v":
                i += 1
            if i >= n:
                self.pos = i
                raise self.error("end-of-file encountered before end of control line")
            c = text[i]
            if c == "\n":
                break
            if c == '"':
                end = _scan_quoted(text, i, '"')
                if end < 0:
                    self.pos = i + 1
                    raise self.error('syntax error near """')
                if text[end - 1] != '"':
                    self.pos = i
                    raise self.error(
                        "newline encountered in string literal", tag="D_STR_NL", line=line + 1
                    )
                body = text[i + 1 : end - 1]
                words.append(Word("string", text[i:end], _decode(_c_string(unescape(body)))))
                i = end
                continue
            word = _RE_CTL_WORD.match(text, i).group()
            m = _RE_INT.match(text, i)
            if m is not None and m.end() - i == len(word):
                tok = self._int_token(word, line)
                words.append(Word("int", word, int(tok.value)))  # type: ignore[arg-type]
            else:
                words.append(Word("ident", word, word))
            i += len(word)
        self.pos = i + 1  # past the newline
        self.line += 1
        result = control_line(words, line)
        if result.pragma is not None:
            kind, args = result.pragma
            self.pragmas.append(ast.Pragma(kind, args, line))
            # These two compiler flags act at once on the rest of this very
            # program in DTrace (they set the flags of the compile under way).
            if kind == "option" and args == ("defaultargs",):
                self.defaultargs = True
            elif kind == "option" and args == ("pspec",):
                self.pspec_only = True
        if result.filetag is not None:
            self.filetag = result.filetag
        if result.next_line is not None:
            self.line = result.next_line

    # -------------------------------------------------------------- tokens

    def next(self) -> Token:
        """The next token, lexed in the current :attr:`state`."""
        if self._sou_deref and self.state == EXPR:
            tok = self._member_name()
            if tok is not None:
                return tok
        self._skip_blanks()
        if self.pos >= len(self.text):
            if self._nul_line is not None and self.eof_nul_quirk:
                if self.state == EXPR:
                    raise self.error("syntax error near end-of-input", line=self._nul_line)
                raise self.error('syntax error near ""', line=self._nul_line)
            return Token(EOF, "", self.line)
        if self.state == CLAUSE:
            return self._next_clause()
        return self._next_expr()

    def _member_name(self) -> Token | None:
        """After ``.``/``->`` any word, even a keyword, is a member name."""
        self._skip_blanks()
        self._sou_deref = False
        text, pos = self.text, self.pos
        m = _RE_IDENT.match(text, pos)
        if m is not None:
            self.pos = m.end()
            return Token(IDENT, m.group(), self.line, m.group())
        m = _RE_MACRO.match(text, pos)
        if m is not None and not m.group(1) and m.group(2).isdigit():
            self.pos = m.end()
            tok = self._macro_arg(m.group(), int(m.group(2)))
            if tok.kind == TNAME:
                tok.kind = IDENT
            return tok
        return None

    def _next_clause(self) -> Token:
        text, pos, line = self.text, self.pos, self.line
        c = text[pos]
        if c == "{":
            self.pos += 1
            self.braces += 1
            self._sou_type = False
            return Token("{", c, line)
        if c in "/,":
            self.pos += 1
            return Token(c, c, line)
        m = _RE_INT.match(text, pos)
        if m is not None:
            self.pos = m.end()
            return self._int_token(m.group(), line)
        m = _RE_PSPEC.match(text, pos)
        if m is None:
            self.pos += 1
            raise self.error(f'syntax error near "{c}"')
        word = m.group()
        if word in OUTER_KEYWORDS:
            self.pos = m.end()
            self.state = EXPR
            if word in ("struct", "union", "enum"):
                self._sou_type = True
            return Token(word, word, line)
        if (
            not self.pspec_only
            and not any(ch in word for ch in ":-.?!`")
            and word not in ("BEGIN", "END", "ERROR")
        ):
            # A type name starts a declaration ("uint64_t x;", "int*p;"); a
            # trailing "*..." is a pointer, not a glob, when the word before it
            # is a type.
            star = word.find("*")
            head = word[:star] if star > 0 else word
            if self.is_type(head):
                self.pos = pos + len(head)
                self.state = EXPR
                if head in KEYWORDS:
                    return Token(head, head, line)
                return Token(TNAME, head, line, head)
        self.pos = m.end()
        return Token(PSPEC, word, line, word)

    def _next_expr(self) -> Token:
        text, pos, line = self.text, self.pos, self.line
        c = text[pos]
        if c in _WORD_START:
            m = _RE_IDENT.match(text, pos)
            if m is not None:
                word = m.group()
                self.pos = m.end()
                if word in KEYWORDS:
                    if word in ("struct", "union", "enum"):
                        self._sou_type = True
                    return Token(word, word, line)
                return self._id_or_type(word, word, line)
            if c in _DIGITS:
                return self._number(line)
        if c == "." and text[pos + 1 : pos + 2] in _DIGITS_SET:
            return self._number(line)
        if c == "$":
            m = _RE_MACRO.match(text, pos)
            if m is not None:
                self.pos = m.end()
                return self._macro(m, line)
        if c == "@":
            m = _RE_AGG.match(text, pos)
            self.pos = pos + 1 if m is None else m.end()
            return Token(
                AGG, "@" if m is None else m.group(), line, "" if m is None else m.group()[1:]
            )
        if c == '"':
            return self._string(line)
        if c == "'":
            return self._char(line)
        if c == "/":
            return self._slash(line)
        # the longest operator first, by set lookups rather than a scan of them all
        for n in _OPERATOR_LENGTHS:
            op = text[pos : pos + n]
            if op in _OPERATOR_SET:
                self.pos = pos + len(op)
                return self._punct(op, line)
        self.pos += 1
        raise self.error(f'syntax error near "{c}"')

    def _punct(self, op: str, line: int) -> Token:
        # DTrace counts brackets in the lexer, so an unbalanced closer is
        # reported before the parser sees it.
        if op == "(":
            self.parens += 1
            self._sou_type = False
        elif op == ")":
            self.parens -= 1
            if self.parens < 0:
                raise self.error("extra ) in input stream")
            self._sou_type = False
        elif op == "[":
            self.brackets += 1
        elif op == "]":
            self.brackets -= 1
            if self.brackets < 0:
                raise self.error("extra ] in input stream")
        elif op == "{":
            self.braces += 1
            self._sou_type = False
        elif op == "}":
            self.braces -= 1
            if self.braces < 0:
                raise self.error("extra } in input stream")
        elif op in ("<", ">"):
            self._sou_type = False
        elif op in (".", "->"):
            self._sou_deref = True
        return Token(op, op, line)

    def _slash(self, line: int) -> Token:
        """ "/" closes a predicate when the next non-blank is EOF ; { or /."""
        text = self.text
        if text.startswith("/=", self.pos):
            self.pos += 2
            return Token("/=", "/=", line)
        self.pos += 1
        i = self.pos
        while i < len(text) and text[i] in " \t\n\r\f\v":
            i += 1
        # DTrace consumes the blanks while looking ahead, so its line number
        # has already moved on to the next token's line.
        self.line += text.count("\n", self.pos, i)
        self.pos = i
        line = self.line
        if i >= len(text) or text[i] in ";{/":
            if self.parens != 0:
                raise self.error("closing ) expected in predicate before /")
            if self.brackets != 0:
                raise self.error("closing ] expected in predicate before /")
            return Token(EPRED, "/", line)
        return Token("/", "/", line)

    def _number(self, line: int) -> Token:
        text, pos = self.text, self.pos
        mi = _RE_INT.match(text, pos)
        mf = _RE_FP.match(text, pos)
        if mf is not None and (mi is None or mf.end() > mi.end()):
            self.pos = mf.end()
            raise self.error("floating-point constants are not permitted")
        assert mi is not None
        self.pos = mi.end()
        return self._int_token(mi.group(), line)

    def _int_token(self, lexeme: str, line: int) -> Token:
        value, rest, _ = parse_int_text(lexeme)
        if rest and rest[0] not in "uUlL":
            raise self.error(
                f"constant {lexeme} contains invalid digit {rest[0]}", tag="D_INT_DIGIT"
            )
        if value > _UINT64_MAX:
            raise self.error(f"constant {lexeme} results in integer overflow", tag="D_INT_OFLOW")
        suffix = rest.lower()
        decimal = lexeme[0] != "0"
        self._check_fits(value, suffix, decimal)
        return Token(INT, lexeme, line, value, suffix=suffix, decimal=decimal)

    def _check_fits(self, value: int, suffix: str, decimal: bool) -> None:
        if not int_fits(value, suffix, decimal):
            raise self.error(
                f"integer constant 0x{value:x} cannot be represented in any built-in integral type",
                tag="D_INT_OFLOW",
            )

    def _string(self, line: int) -> Token:
        text, pos = self.text, self.pos
        end = _scan_quoted(text, pos, '"')
        if end < 0:
            self.pos += 1
            raise self.error('syntax error near """')
        if text[end - 1] != '"':
            # DTrace matched the newline too, so it reports the next line.
            self.pos = end
            raise self.error("newline encountered in string literal", tag="D_STR_NL", line=line + 1)
        self.pos = end
        lexeme = text[pos:end]
        return Token(STRING, lexeme, line, _c_string(unescape(lexeme[1:-1])))

    def _char(self, line: int) -> Token:
        text, pos = self.text, self.pos
        end = _scan_quoted(text, pos, "'")
        if end < 0:
            self.pos += 1
            raise self.error('syntax error near "\'"')
        if text[end - 1] != "'":
            self.pos = end
            raise self.error(
                "newline encountered in character constant", tag="D_CHR_NL", line=line + 1
            )
        self.pos = end
        lexeme = text[pos:end]
        if len(lexeme) == 2:
            raise self.error("empty character constant", tag="D_CHR_NULL")
        data = unescape(lexeme[1:-1])
        if len(data) > 8:
            raise self.error("character constant is too long", tag="D_CHR_OFLOW")
        # Multi-character constants pack the first character highest, as in C.
        return Token(INT, lexeme, line, int.from_bytes(data, "big"), suffix="char")

    # ------------------------------------------------------------- macros

    def _macro(self, m: re.Match[str], line: int) -> Token:
        lexeme, dollars, name = m.group(), m.group(1), m.group(2)
        if name.isdigit():
            if dollars:
                value = self._arg_value(lexeme, int(name), "")
                return Token(STRING, lexeme, line, _c_string(unescape(value)))
            return self._macro_arg(lexeme, int(name))
        if name not in self.macros:
            raise self.error(f"macro variable {lexeme} is not defined", tag="D_MACRO_UNDEF")
        value = self.macros[name]
        if dollars:
            return Token(STRING, lexeme, line, value.encode("utf-8", "surrogateescape"))
        number, _, _ = parse_int_text(value.strip())
        # DTrace's macro variables are ids (int), printed with %d.
        number &= 0xFFFFFFFF
        if number >= 1 << 31:
            number -= 1 << 32
        return Token(INT, lexeme, line, abs(number), prefix="-" if number < 0 else "")

    def _arg_value(self, lexeme: str, index: int, default: str) -> str:
        self.used_args.add(index)
        key = str(index)
        if key in self.macros:
            return self.macros[key]
        if self.defaultargs:
            return default
        raise self.error(f"macro argument {lexeme} is not defined", tag="D_MACRO_UNDEF")

    def _macro_arg(self, lexeme: str, index: int) -> Token:
        """``$N``: an integer, an identifier, or else a string, by its text."""
        line = self.line
        value = self._arg_value(lexeme, index, "0")
        if _bad_id_or_num(value):
            if len(value) != 1 and value.startswith('"') and value.endswith('"'):
                value = value[1:-1]
            return Token(STRING, lexeme, line, _c_string(unescape(value)))
        if value[0].isdigit() or value[0] in "+-":
            prefix = "" if value[0].isdigit() else value[0]
            digits = value[len(prefix) :]
            number, rest, _ = parse_int_text(digits)
            if number > _UINT64_MAX:
                raise self.error(
                    f"macro argument {lexeme} constant {digits} results in integer overflow",
                    tag="D_MACRO_OFLOW",
                )
            suffix = rest.lower() if rest.lower() in ("u", "l", "ul", "ll", "ull") else ""
            decimal = digits[:1] != "0"
            self._check_fits(number, suffix, decimal)
            return Token(INT, lexeme, line, number, suffix=suffix, decimal=decimal, prefix=prefix)
        return self._id_or_type(lexeme, value, line)

    # ------------------------------------------------------ ident or type

    def _id_or_type(self, lexeme: str, name: str, line: int) -> Token:
        """Decide IDENT or TNAME for a word, with DTrace's heuristics."""
        if self._sou_deref:
            self._sou_deref = False
            return Token(IDENT, lexeme, line, name)
        if self._sou_type:
            self._sou_type = False
            return Token(TNAME, lexeme, line, name)
        if name in self.idents or self.is_global(name):
            return Token(IDENT, lexeme, line, name)
        # DTrace peeks at the following input here, and the peek leaves its
        # yytext running on to the end of the line: a syntax error at this
        # word quotes the rest of the line ('near "new_int;"').
        eol = self.text.find("\n", self.pos)
        near = lexeme + self.text[self.pos : eol if eol >= 0 else len(self.text)]
        if self._looks_like_variable(line):
            if not self.in_typedef:
                self.idents.add(name)
            return Token(IDENT, lexeme, line, name, near=near)
        kind = TNAME if self.is_type(name) else IDENT
        return Token(kind, lexeme, line, name, near=near)

    def _looks_like_variable(self, line: int) -> bool:
        """A word followed by ``= [ ; ++ --`` (or ``,`` outside parentheses)
        is being assigned or declared, so it cannot be a type name."""
        text, i = self.text, self.pos
        while i < len(text) and text[i] in " \t\n\r\f\v":
            i += 1
        if i >= len(text):
            self._nul_line = line + text.count("\n", self.pos)
        c0 = text[i : i + 1]
        c1 = text[i + 1 : i + 2]
        if c0 in ("+", "-"):
            return c1 == c0
        if c0 == "=":
            return c1 != "="
        if c0 in ("[", ";"):
            return True
        if c0 == ",":
            return self.parens == 0
        if c0 == ">":
            return self.xlator_input
        return False


def _scan_quoted(text: str, pos: int, quote: str) -> int:
    """End offset of the literal starting at ``pos`` (just past the closing
    quote, or just past the newline that ends it early); -1 when neither
    comes (EOF, or a backslash before the newline)."""
    i = pos + 1
    n = len(text)
    while i < n:
        c = text[i]
        if c == quote:
            return i + 1
        if c == "\n":
            return i + 1
        if c == "\\":
            if i + 1 < n and text[i + 1] != "\n":
                i += 2
                continue
            return -1
        i += 1
    return -1


def _bad_id_or_num(s: str) -> bool:
    """DTrace's strbadidnum: true unless ``s`` reads fully as an integer or
    consists only of identifier characters."""
    if not s:
        return True
    body = s[1:] if s[0] in "+-" else s
    _, rest, used = parse_int_text(body)
    if used and not rest:
        return False
    return any(c not in _ID_CHARS for c in s)


def _decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def tokenize(text: str, state: str = EXPR, **kwargs: object) -> list[Token]:
    """All tokens of ``text`` lexed in one state (for tests and tools)."""
    lexer = Lexer(text, **kwargs)  # type: ignore[arg-type]
    lexer.state = state
    lexer.eof_nul_quirk = False
    tokens = []
    while True:
        tok = lexer.next()
        tokens.append(tok)
        if tok.kind == EOF:
            return tokens
