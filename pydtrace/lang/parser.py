"""The D parser: text -> :class:`pydtrace.lang.ast.Program` (and nothing else).

Recursive descent over the grammar of DTrace's dt_grammar.y, plus
``if``/``else`` and blocks in clause bodies (as illumos DTrace has them).
Expressions use precedence climbing with C's levels and D's ``^^`` between
``&&`` and ``||``.  The lexer state (outer level vs inside a clause) is
switched at the same points DTrace's parser switches it; declarations are in
:mod:`pydtrace.lang.parser_decl`.

Errors are DTrace's: ``syntax error near "}"`` with tag D_SYNTAX and the line
of the offending token, raised as :class:`~pydtrace.errors.CompileError`;
the first error ends the parse.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping

from pydtrace.errors import CompileError
from pydtrace.lang import ast
from pydtrace.lang.lexer import (
    AGG,
    CLAUSE,
    DEFAULT_TYPE_NAMES,
    EOF,
    EPRED,
    EXPR,
    IDENT,
    INT,
    OUTER_KEYWORDS,
    PSPEC,
    STRING,
    TNAME,
    Lexer,
    Token,
)
from pydtrace.lang.parser_decl import DeclParser, split_scope
from pydtrace.lang.probedesc import parse_probe_spec

MACRO_ARG_RE = re.compile(r"\$\$?([0-9]+)")

#: Binary operators and their precedence (higher binds tighter).
BINARY_PRECEDENCE = {
    "||": 1,
    "^^": 2,
    "&&": 3,
    "|": 4,
    "^": 5,
    "&": 6,
    "==": 7,
    "!=": 7,
    "<": 8,
    "<=": 8,
    ">": 8,
    ">=": 8,
    "<<": 9,
    ">>": 9,
    "+": 10,
    "-": 10,
    "*": 11,
    "/": 11,
    "%": 11,
}

ASSIGN_OPS = frozenset({"=", "+=", "-=", "*=", "/=", "%=", "&=", "^=", "|=", "<<=", ">>="})
_PREFIX_OPS = frozenset({"&", "*", "+", "-", "~", "!"})
_DECL_STARTS = (OUTER_KEYWORDS - {"inline", "translator", "provider", "counter", "import"}) | {
    TNAME
}

TypeNames = Collection[str] | Callable[[str], bool] | None


class Parser(DeclParser):
    """One parse of one program text.

    ``macros`` maps ``"0"``, ``"1"``... and names like ``"target"`` to their
    text; ``type_names`` (a set or a predicate) says which identifiers are
    types, on top of the script's own typedefs.  ``from_file`` selects
    DTrace's rules for ``-s`` scripts (a probe description must have a
    predicate or actions; a typedef name at the outer level starts a
    declaration), as opposed to ``-n``/``-P``/``-m``/``-f`` programs.
    ``probe_last`` names the field the last component of a probe description
    fills ("name" for -n and scripts, "provider" for -P, ...).
    ``global_names`` (a set or a predicate) are D's built-in and library
    identifiers; they only make "near" texts of syntax errors match DTrace's
    (DTrace's lexer treats names it knows differently from new ones).
    ``on_item`` is called with each program item as soon as it is parsed:
    DTrace checks declarations while it parses, so a checker hooked here
    reports a bad declaration before a syntax error further down.
    """

    def __init__(
        self,
        text: str,
        *,
        macros: Mapping[str, str] | None = None,
        defaultargs: bool = False,
        type_names: TypeNames = None,
        filename: str | None = None,
        from_file: bool | None = None,
        probe_last: str = "name",
        type_context: bool = False,
        global_names: TypeNames = None,
        on_item: Callable[[ast.Item], None] | None = None,
    ) -> None:
        self.macros = dict(macros or {})
        self.macros.setdefault("0", filename or "dtrace")
        self.from_file = filename is not None if from_file is None else from_file
        self.probe_last = probe_last
        self._last_line = 0  # line of the last closing brace of a statement list
        self.on_item = on_item
        known = _type_predicate(type_names)
        lexer = Lexer(
            text,
            macros=self.macros,
            defaultargs=defaultargs,
            is_type=lambda name: type_context or name in self.typedefs or known(name),
            is_global=_names_predicate(global_names),
            pspec_only=not self.from_file,
        )
        super().__init__(lexer)
        # Expressions written in parentheses: "(a + b) = 1" is a semantic
        # error, not a syntax error, and "(@a)[1]" is not an aggregation key.
        self._parenthesized: set[int] = set()

    # ------------------------------------------------------------ program

    def program(self) -> ast.Program:
        try:
            return self._program()
        except CompileError as err:
            # DTrace gives line numbers only for files: "-n" programs and
            # other strings report errors without one (line 0).
            if not self.from_file:
                err.line = 0
            raise

    def _program(self) -> ast.Program:
        items: list[ast.Item] = []
        while True:
            self.set_state(CLAUSE)
            tok = self.peek()
            new = self._take_pragmas()
            if tok.kind != EOF:
                new.append(self._item(tok))
            for item in new:
                if self.on_item is not None:
                    self.on_item(item)
                items.append(item)
            if tok.kind == EOF:
                return ast.Program(tuple(items))

    def _take_pragmas(self) -> list[ast.Pragma]:
        pragmas, self.lex.pragmas = self.lex.pragmas, []
        return pragmas

    def _item(self, tok: Token) -> ast.Item:
        kind = tok.kind
        if kind in (PSPEC, INT):
            return self._clause()
        if kind == "inline":
            return self.inline()
        if kind == "translator":
            return self.translator()
        if kind == "provider":
            return self.provider()
        if kind in _DECL_STARTS:
            return self.declaration()
        raise self.lex.syntax_error(tok)

    def _probe_spec(self) -> ast.ProbeSpec:
        tok = self.advance()
        if tok.kind == INT:
            return ast.ProbeSpec("", "", "", "", tok.line, id=int(tok.value))  # type: ignore[arg-type]
        # $N in a description (pid$1:a.out::entry) uses argument N as much as code does
        self.lex.used_args.update(int(n) for n in MACRO_ARG_RE.findall(str(tok.value)))
        return parse_probe_spec(str(tok.value), tok.line, self.probe_last, self.macros)

    def _clause(self) -> ast.Clause:
        specs = [self._probe_spec()]
        while self.peek().kind == ",":
            self.advance()
            if self.peek().kind not in (PSPEC, INT):
                raise self.lex.syntax_error(self.peek())
            specs.append(self._probe_spec())
        line = specs[0].line
        tok = self.peek()
        predicate: ast.Expr | None = None
        if tok.kind == "/":
            self.advance()
            self.set_state(EXPR)
            predicate = self.expression()
            self.expect(EPRED)
            if self.peek().kind != "{":
                raise self.error(
                    "expected actions { } following probe description and predicate",
                    "D_SYNTAX",
                    predicate.line,
                )
        elif tok.kind != "{":
            if self.from_file:
                raise self.error(
                    "expected predicate and/or actions following probe description",
                    "D_SYNTAX",
                    line,
                )
            # dtrace -n BEGIN: no body means the default action.
            return ast.Clause(tuple(specs), None, (), line)
        brace = self.advance()
        self.set_state(EXPR)
        body = self._statements()
        return ast.Clause(tuple(specs), predicate, body, line, brace.line, self._last_line)

    # --------------------------------------------------------- statements

    def _statements(self) -> tuple[ast.Stmt, ...]:
        """Statements up to and including the closing '}'."""
        out: list[ast.Stmt] = []
        while self.peek().kind != "}":
            stmt = self._statement()
            if stmt is not None:
                out.append(stmt)
        self._last_line = self.advance().line
        return tuple(out)

    def _statement(self) -> ast.Stmt | None:
        """One statement; None for an empty one (";")."""
        tok = self.peek()
        if tok.kind == ";":
            self.advance()
            return None
        if tok.kind == "if":
            return self._if()
        if tok.kind == "{":
            self.advance()
            return ast.Block(tok.line, self._statements())
        expr = self.expression()
        end = self.peek()
        if end.kind == ";":
            self.advance()
        elif end.kind != "}":  # the last statement may omit its ';'
            raise self.lex.syntax_error(end)
        return ast.ExprStmt(tok.line, expr)

    def _if(self) -> ast.IfStmt:
        tok = self.advance()
        self.expect("(")
        cond = self.expression()
        self.expect(")")
        then = self._branch()
        otherwise = None
        if self.peek().kind == "else":
            self.advance()
            otherwise = self._branch()
        return ast.IfStmt(tok.line, cond, then, otherwise)

    def _branch(self) -> tuple[ast.Stmt, ...]:
        if self.peek().kind == "{":
            self.advance()
            return self._statements()
        stmt = self._statement()
        return () if stmt is None else (stmt,)

    # -------------------------------------------------------- expressions

    def expression(self) -> ast.Expr:
        """expression: assignment-expression [, assignment-expression]..."""
        left = self.assignment()
        while self.peek().kind == ",":
            op = self.advance()
            left = ast.Binary(op.line, ",", left, self.assignment())
        return left

    def assignment(self) -> ast.Expr:
        target = self.conditional()
        tok = self.peek()
        if tok.kind not in ASSIGN_OPS:
            return target
        # Only a unary expression may be assigned to (as in C's grammar).
        if isinstance(target, ast.Binary | ast.Ternary | ast.Cast | ast.Assign) and (
            id(target) not in self._parenthesized
        ):
            raise self.lex.syntax_error(tok)
        self.advance()
        return ast.Assign(tok.line, tok.kind, target, self.assignment())

    def conditional(self) -> ast.Expr:
        cond = self._binary(1)
        if self.peek().kind != "?":
            return cond
        tok = self.advance()
        then = self.expression()
        self.expect(":")
        return ast.Ternary(tok.line, cond, then, self.conditional())

    def _binary(self, min_prec: int) -> ast.Expr:
        left = self._cast()
        while True:
            tok = self.peek()
            prec = BINARY_PRECEDENCE.get(tok.kind)
            if prec is None or prec < min_prec:
                return left
            self.advance()
            right = self._binary(prec + 1)
            left = ast.Binary(tok.line, tok.kind, left, right)

    def _cast(self) -> ast.Expr:
        tok = self.peek()
        if tok.kind == "(" and self.starts_type(self.peek(1)):
            self.advance()
            type_ = self.type_name()
            self.expect(")")
            return ast.Cast(tok.line, type_, self._cast())
        return self._unary()

    def _unary(self) -> ast.Expr:
        tok = self.peek()
        kind = tok.kind
        if kind in ("++", "--"):
            self.advance()
            return ast.Unary(tok.line, kind + "pre", self._unary())
        if kind in _PREFIX_OPS:
            self.advance()
            return ast.Unary(tok.line, kind, self._cast())
        if kind == "sizeof":
            self.advance()
            if self.peek().kind == "(" and self.starts_type(self.peek(1)):
                self.advance()
                type_ = self.type_name()
                self.expect(")")
                return ast.SizeOf(tok.line, type=type_)
            return ast.SizeOf(tok.line, operand=self._unary())
        if kind == "stringof":
            self.advance()
            return ast.StringOf(tok.line, self._unary())
        return self._postfix()

    def _postfix(self) -> ast.Expr:
        tok = self.peek()
        if tok.kind == "offsetof":
            self.advance()
            self.expect("(")
            type_ = self.type_name()
            self.expect(",")
            member = self.expect_name()
            self.expect(")")
            expr: ast.Expr = ast.OffsetOf(tok.line, type_, str(member.value))
        elif tok.kind == "xlate":
            self.advance()
            self.expect("<")
            type_ = self.type_name()
            self.expect(">")
            self.expect("(")
            operand = self.expression()
            self.expect(")")
            expr = ast.Xlate(tok.line, type_, operand)
        else:
            expr = self._primary()
        while True:
            tok = self.peek()
            kind = tok.kind
            if kind == "[":
                self.advance()
                args = self._arguments()
                self.expect("]")
                expr = self._subscript(expr, args)
            elif kind == "(":
                self.advance()
                args = () if self.peek().kind == ")" else self._arguments()
                self.expect(")")
                expr = self._call(expr, args, tok)
            elif kind in (".", "->"):
                self.advance()
                name = self.expect(IDENT)
                expr = self._member(expr, str(name.value), kind == "->")
            elif kind in ("++", "--"):
                self.advance()
                expr = ast.Unary(expr.line, "post" + kind, expr)
            else:
                return expr

    def _arguments(self) -> tuple[ast.Expr, ...]:
        args = [self.assignment()]
        while self.peek().kind == ",":
            self.advance()
            args.append(self.assignment())
        return tuple(args)

    def _subscript(self, base: ast.Expr, args: tuple[ast.Expr, ...]) -> ast.Expr:
        if isinstance(base, ast.AggRef) and not base.keys and id(base) not in self._parenthesized:
            return ast.AggRef(base.line, base.name, args)
        return ast.Index(base.line, base, args)

    def _call(self, callee: ast.Expr, args: tuple[ast.Expr, ...], tok: Token) -> ast.Expr:
        if not isinstance(callee, ast.Ident) or id(callee) in self._parenthesized:
            raise self.error(
                "function designator is not of function type", "D_FUNC_IDENT", tok.line
            )
        name = callee.name if callee.module is None else f"{callee.module}`{callee.name}"
        return ast.Call(callee.line, name, args)

    def _member(self, base: ast.Expr, name: str, arrow: bool) -> ast.Expr:
        if arrow and isinstance(base, ast.Ident) and base.module is None:
            if base.name == "self":
                return ast.SelfVar(base.line, name)
            if base.name == "this":
                return ast.ThisVar(base.line, name)
        return ast.Member(base.line, base, name, arrow)

    def _primary(self) -> ast.Expr:
        tok = self.advance()
        kind = tok.kind
        if kind == IDENT:
            module, name = split_scope(str(tok.value))
            return ast.Ident(tok.line, name, module)
        if kind in ("self", "this"):
            return ast.Ident(tok.line, kind)
        if kind == AGG:
            return ast.AggRef(tok.line, str(tok.value))
        if kind == INT:
            lit = ast.IntLit(tok.line, int(tok.value), tok.suffix, tok.decimal)  # type: ignore[arg-type]
            return ast.Unary(tok.line, tok.prefix, lit) if tok.prefix else lit
        if kind == STRING:
            # Adjacent literals join, as in C.
            value = bytes(tok.value)  # type: ignore[arg-type]
            while self.peek().kind == STRING:
                value += bytes(self.advance().value)  # type: ignore[arg-type]
            return ast.StrLit(tok.line, value)
        if kind == "(":
            expr = self.expression()
            self.expect(")")
            self._parenthesized.add(id(expr))
            return expr
        raise self.lex.syntax_error(tok)


def _names_predicate(names: TypeNames) -> Callable[[str], bool]:
    if names is None:
        return lambda name: False
    if callable(names):
        return names
    return frozenset(names).__contains__


def _type_predicate(type_names: TypeNames) -> Callable[[str], bool]:
    """D's built-in typedefs and the D library's types are always types;
    ``type_names`` adds more."""
    extra = _names_predicate(type_names)

    def library(name: str) -> bool:
        from .dlibs import is_library_type  # read only when a script needs it

        return is_library_type(name)

    return lambda name: name in DEFAULT_TYPE_NAMES or extra(name) or library(name)


# ---------------------------------------------------------------- entry points


def parse(
    text: str,
    macros: Mapping[str, str] | None = None,
    defaultargs: bool = False,
    type_names: TypeNames = None,
    filename: str | None = None,
    *,
    from_file: bool | None = None,
    probe_last: str = "name",
    global_names: TypeNames = None,
    on_item: Callable[[ast.Item], None] | None = None,
    used_args: set[int] | None = None,
) -> ast.Program:
    """Parse a D program.

    ``filename`` (the script path, also the default ``$0``) marks the text as
    a ``-s`` script unless ``from_file`` says otherwise; see :class:`Parser`.
    ``used_args`` receives the numbers of the ``$N`` arguments the text used.
    """
    parser = Parser(
        text,
        macros=macros,
        defaultargs=defaultargs,
        type_names=type_names,
        filename=filename,
        from_file=from_file,
        probe_last=probe_last,
        global_names=global_names,
        on_item=on_item,
    )
    program = parser.program()
    if used_args is not None:
        used_args.update(parser.lex.used_args)
    return program


def parse_expression(
    text: str,
    macros: Mapping[str, str] | None = None,
    defaultargs: bool = False,
    type_names: TypeNames = None,
) -> ast.Expr:
    """Parse one D expression (the whole text)."""
    parser = Parser(text, macros=macros, defaultargs=defaultargs, type_names=type_names)
    parser.lex.eof_nul_quirk = False
    parser.set_state(EXPR)
    expr = parser.expression()
    parser.expect(EOF)
    return expr


def parse_type(text: str) -> ast.TypeName:
    """Parse a type name such as ``struct task_struct *`` or ``vmlinux`pid_t``.

    As in DTrace's type context, every identifier here names a type.
    """
    parser = Parser(text, type_context=True)
    parser.lex.eof_nul_quirk = False
    parser.set_state(EXPR)
    type_ = parser.type_name()
    parser.expect(EOF)
    return type_
