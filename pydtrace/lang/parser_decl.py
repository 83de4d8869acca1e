"""Declarations and type names for the D parser (the C half of D's grammar).

:class:`DeclParser` holds the token stream and parses declaration
specifiers, declarators, struct/union/enum bodies and type names; the
expression, statement and program rules live in
:mod:`pydtrace.lang.parser`, which subclasses it.
"""

from __future__ import annotations

import dataclasses

from pydtrace.errors import CompileError
from pydtrace.lang import ast
from pydtrace.lang.decltypes import check_not_defined
from pydtrace.lang.lexer import EOF, IDENT, TNAME, TYPE_KEYWORDS, Lexer, Token

_STORAGE = frozenset({"auto", "register", "static", "extern", "typedef", "self", "this"})
_PARAM_STORAGE = frozenset({"auto", "register", "static", "extern", "typedef"})
_QUALIFIERS = ("const", "volatile", "restrict")
_BASE_WORDS = frozenset({"void", "char", "int", "float", "double", "string"})
_SIZE_SIGN_WORDS = frozenset({"short", "long", "signed", "unsigned"})
_SCOPED_TAG_KINDS = ("struct", "union", "enum")

#: Declarator layer for a pointer without qualifiers.
PTR = ("ptr",)


def split_scope(name: str) -> tuple[str | None, str]:
    """``vmlinux`max_pfn`` -> ("vmlinux", "max_pfn"); no backquote -> (None, name)."""
    module, tick, rest = name.partition("`")
    return (module, rest) if tick else (None, name)


def fold_int(expr: ast.Expr) -> int | None:
    """The value of a constant integer expression made of literals, or None."""
    if isinstance(expr, ast.IntLit):
        return expr.value
    if isinstance(expr, ast.Unary) and expr.op in ("-", "+", "~", "!"):
        v = fold_int(expr.operand)
        if v is None:
            return None
        return {"-": -v, "+": v, "~": ~v, "!": int(not v)}[expr.op]
    if isinstance(expr, ast.Binary):
        a, b = fold_int(expr.left), fold_int(expr.right)
        if a is None or b is None:
            return None
        ops = {
            "+": lambda: a + b,
            "-": lambda: a - b,
            "*": lambda: a * b,
            "/": lambda: int(a / b) if b else None,
            "%": lambda: a - int(a / b) * b if b else None,
            "<<": lambda: a << b if 0 <= b < 64 else None,
            ">>": lambda: a >> b if 0 <= b < 64 else None,
            "&": lambda: a & b,
            "|": lambda: a | b,
            "^": lambda: a ^ b,
        }
        return ops[expr.op]() if expr.op in ops else None
    return None


class DeclParser:
    """Token stream plus the declaration rules."""

    lex: Lexer

    def __init__(self, lexer: Lexer) -> None:
        self.lex = lexer
        self._buf: list[Token] = []
        self._spec_line = 0  # line where a struct/union/enum tag was complete
        #: typedef names declared by the script so far
        self.typedefs: set[str] = set()
        #: the parameter names of the last parameter list, and of the last
        #: associative signature (an inline array's parameters)
        self.param_names: tuple[str | None, ...] = ()
        self.assoc_names: tuple[str | None, ...] = ()

    # --------------------------------------------------------- tokens

    def peek(self, k: int = 0) -> Token:
        while len(self._buf) <= k:
            self._buf.append(self.lex.next())
        return self._buf[k]

    def advance(self) -> Token:
        tok = self.peek()
        if tok.kind != EOF:
            self._buf.pop(0)
        return tok

    def expect(self, kind: str) -> Token:
        tok = self.peek()
        if tok.kind != kind:
            raise self.lex.syntax_error(tok)
        return self.advance()

    def expect_name(self) -> Token:
        """An identifier; a word that also names a type is accepted where
        only a name can stand (member, parameter and translator names)."""
        tok = self.peek()
        if tok.kind not in (IDENT, TNAME):
            raise self.lex.syntax_error(tok)
        return self.advance()

    def set_state(self, state: str) -> None:
        """Switch lexer state; only legal with no token lexed ahead."""
        if self.lex.state != state:
            assert not self._buf, "lexer state switched with a token lexed ahead"
            self.lex.state = state

    def error(self, message: str, tag: str, line: int) -> CompileError:
        return self.lex.error(message, tag=tag, line=line)

    # Provided by the expression parser.
    def assignment(self) -> ast.Expr:
        raise NotImplementedError

    def conditional(self) -> ast.Expr:
        raise NotImplementedError

    # ----------------------------------------------------- type names

    def starts_type(self, tok: Token) -> bool:
        """Whether ``tok`` can begin a type name (casts, sizeof, params)."""
        if tok.kind in TYPE_KEYWORDS or tok.kind == TNAME:
            return True
        return tok.kind == IDENT and _is_scoped_tag(tok)

    def type_name(self) -> ast.TypeName:
        """specifier-qualifier-list [abstract-declarator]."""
        _, spec = self.specifiers(frozenset())
        _, layers = self.declarator("only")
        return _derive(spec, layers)

    def specifiers(self, storage_ok: frozenset[str]) -> tuple[str | None, ast.TypeName]:
        """Declaration specifiers -> (storage class, base type)."""
        storage: str | None = None
        quals: list[str] = []
        words: list[str] = []  # short/long/signed/unsigned
        base: str | None = None
        module: str | None = None
        struct_def: ast.StructDef | None = None
        enum_def: ast.EnumDef | None = None
        first = self.peek()
        check_line = first.line  # where DTrace would notice a bad combination
        while True:
            tok = self.peek()
            k = tok.kind
            check_line = max(check_line, tok.line) if k in _SIZE_SIGN_WORDS else check_line
            if k in storage_ok:
                if storage is not None:
                    raise self.error(
                        "only one storage class allowed in a declaration", "D_DECL_CLASS", tok.line
                    )
                storage = k
                self.lex.in_typedef = k == "typedef"
            elif k in _QUALIFIERS:
                if k not in quals:
                    quals.append(k)
            elif k in _SIZE_SIGN_WORDS:
                words.append(k)
            elif k in ("struct", "union", "enum") or (k == IDENT and _is_scoped_tag(tok)):
                if base is not None:
                    raise _combo(self, tok)
                base, module, struct_def, enum_def = self._tagged()
                check_line = self._spec_line
                continue
            elif k in _BASE_WORDS:
                if base is not None:
                    raise _combo(self, tok)
                base = k
                check_line = max(check_line, tok.line)
            elif k == TNAME and base is None:
                if words:
                    raise _combo(self, tok)  # "unsigned foo_t"
                module, base = split_scope(str(tok.value))
            else:
                break  # a word after the type is the declarator's name
            self.advance()
        if self.peek() is first:
            raise self.lex.syntax_error(first)
        name = _canonical(self, base, words, check_line)
        return storage, ast.TypeName(name, (), tuple(quals), module, struct_def, enum_def)

    def _tagged(self) -> tuple[str, str | None, ast.StructDef | None, ast.EnumDef | None]:
        """struct/union/enum [tag] [{ body }] -> (base, module, defs)."""
        kw = self.advance()
        module: str | None = None
        kind = kw.kind
        if kind == IDENT:  # vmlinux`struct task_struct
            module, kind = split_scope(str(kw.value))
        tag: str | None = None
        if self.peek().kind in (IDENT, TNAME):
            tok = self.advance()
            scope, tag = split_scope(str(tok.value))
            module = scope if scope is not None else module
        struct_def = enum_def = None
        self._spec_line = self.peek().line
        if self.peek().kind == "{":
            brace = self.advance()
            if tag is not None and module is None:
                # DTrace defines the type at its "{" (also where C's grammar
                # makes "translator struct s {" the start of a definition)
                check_not_defined(f"{kind} {tag}", brace.line)
            if kind == "enum":
                enum_def = ast.EnumDef(tag, self._enumerators(), kw.line)
            else:
                struct_def = ast.StructDef(kind, tag, self._members(), kw.line)
        elif tag is None:
            raise self.lex.syntax_error(self.peek())
        base = f"{kind} {tag}" if tag is not None else kind
        return base, module, struct_def, enum_def

    def _members(self) -> tuple[ast.StructMember, ...]:
        """struct-declaration-list '}' (the '{' is consumed)."""
        members: list[ast.StructMember] = []
        while True:
            _, spec = self.specifiers(frozenset())
            while True:
                line = self.peek().line
                name, layers = "", []
                if self.peek().kind != ":":
                    got, layers = self.declarator("no")
                    name = got or ""
                bits = None
                if self.peek().kind == ":":
                    self.advance()
                    size = self.conditional()
                    bits = fold_int(size)
                    if bits is None or bits < 0:
                        raise self.error(
                            "positive integral constant expression expected as bit-field size",
                            "D_DECL_BFCONST",
                            size.line,
                        )
                members.append(ast.StructMember(name, _derive(spec, layers), bits, line))
                if self.peek().kind != ",":
                    break
                self.advance()
            self.expect(";")
            if self.peek().kind == "}":
                self.advance()
                return tuple(members)

    def _enumerators(self) -> tuple[ast.Enumerator, ...]:
        """enumerator-list '}' (the '{' is consumed)."""
        out: list[ast.Enumerator] = []
        while True:
            tok = self.expect_name()
            value = None
            if self.peek().kind == "=":
                self.advance()
                value = self.assignment()
            out.append(ast.Enumerator(str(tok.value), value, tok.line, self.peek().line))
            if self.peek().kind != ",":
                self.expect("}")
                return tuple(out)
            self.advance()

    # ----------------------------------------------------- declarators

    def declarator(self, mode: str) -> tuple[str | None, list[tuple]]:
        """A declarator -> (name, layers from the name outwards).

        ``mode`` is "no" (a name is required), "maybe" (parameters: named or
        abstract) or "only" (type names: abstract).
        """
        ptrs: list[tuple] = []
        while self.peek().kind == "*":
            self.advance()
            quals: list[str] = []
            while self.peek().kind in _QUALIFIERS:
                quals.append(self.advance().kind)
            ptrs.append(("ptr", tuple(quals)) if quals else PTR)
        name: str | None = None
        inner: list[tuple] = []
        tok = self.peek()
        if tok.kind in (IDENT, TNAME) and mode != "only":
            self.advance()
            name = str(tok.value)
        elif tok.kind == "(" and self._nested_declarator(mode):
            self.advance()
            name, inner = self.declarator(mode)
            self.expect(")")
        elif mode == "no":
            raise self.lex.syntax_error(tok)
        suffixes: list[tuple] = []
        while True:
            kind = self.peek().kind
            if kind == "[":
                suffixes.append(self._array_suffix())
            elif kind == "(":
                suffixes.append(("func", self._params()))
            else:
                break
        return name, inner + suffixes + ptrs[::-1]

    def _nested_declarator(self, mode: str) -> bool:
        """After '(' in a declarator: a parenthesised declarator, or the
        parameter list of a function?"""
        if mode == "no":
            return True
        nxt = self.peek(1)
        if nxt.kind in ("*", "[") or (nxt.kind == "(" and mode == "only"):
            return True
        return nxt.kind == IDENT and mode == "maybe" and not _is_scoped_tag(nxt)

    def _array_suffix(self) -> tuple:
        self.expect("[")
        if self.peek().kind == "]":
            self.advance()
            return ("array", None)
        if self.starts_type(self.peek()) or self.peek().kind == "...":
            keys = self._param_list("array")
            names = self.param_names
            self.expect("]")
            self.assoc_names = names  # an inline array's parameters
            return ("assoc", keys)
        size = self.conditional()
        self.expect("]")
        value = fold_int(size)
        return ("array", size if value is None else value)

    def _params(self) -> tuple[ast.TypeName, ...]:
        """'(' [parameter-type-list] ')'."""
        self.expect("(")
        if self.peek().kind == ")":
            self.advance()
            return ()
        params = self._param_list()
        self.expect(")")
        return params

    def _param_list(self, kind: str = "function") -> tuple[ast.TypeName, ...]:
        params: list[ast.TypeName] = []
        names: list[str | None] = []
        while True:
            if self.peek().kind == "...":
                self.advance()
                params.append(ast.TypeName("..."))
                self.param_names = tuple(names)
                return tuple(params)
            line = self.peek().line
            storage, spec = self.specifiers(_PARAM_STORAGE)
            self.lex.in_typedef = False
            if storage not in (None, "register"):
                raise self.error("inappropriate storage class for function or associative "
                                 "array parameter", "D_DECL_PARMCLASS", line)
            name, layers = self.declarator("maybe")
            _check_param(self, kind, name, spec, layers, len(params) + 1, line)
            params.append(_derive(spec, layers))
            names.append(name)
            if self.peek().kind != ",":
                self.param_names = tuple(names)
                return tuple(params)
            self.advance()

    # ----------------------------------------------------- declarations

    def declaration(self) -> ast.Decl:
        """declaration-specifiers [init-declarator-list] ';'."""
        line = self.peek().line
        storage, spec = self.specifiers(_STORAGE)
        names: list[ast.Declarator] = []
        if self.peek().kind != ";":
            while True:
                dline = self.peek().line
                name, layers = self.declarator("no")
                assert name is not None
                names.append(ast.Declarator(name, _derive(spec, layers), dline))
                # Later words with this name are variables (or, for a
                # typedef, types), as DTrace's symbol tables make them.
                if storage == "typedef":
                    self.typedefs.add(name)
                else:
                    self.lex.idents.add(name)
                if self.peek().kind != ",":
                    break
                self.advance()
        self.expect(";")
        self.lex.in_typedef = False
        return ast.Decl(storage, spec, tuple(names), line)

    def inline(self) -> ast.Inline:
        """inline declaration-specifiers declarator = assignment-expression ;"""
        kw = self.advance()
        _, spec = self.specifiers(_STORAGE)
        self.assoc_names = ()
        name, layers = self.declarator("no")
        assert name is not None
        params: tuple[str, ...] = ()
        if layers and layers[0][0] == "assoc":  # inline type name[type p, ...] = e;
            if None in self.assoc_names:
                raise self.error(f"inline {name} parameters must be named", "D_DECL_PROTO_NAME",
                                 kw.line)
            params = self.assoc_names  # type: ignore[assignment]
        self.expect("=")
        value = self.assignment()
        self.expect(";")
        self.lex.in_typedef = False
        self.lex.idents.add(name)
        return ast.Inline(_derive(spec, layers), name, value, kw.line, params)

    def translator(self) -> ast.Translator:
        """translator type < type name > { member = expr; ... } ;"""
        self.advance()
        self._translator_output_body()
        out_type = self.type_name()
        self.expect("<")
        self.lex.xlator_input = True
        in_type = self.type_name()
        in_name = self.expect_name()
        self.lex.xlator_input = False
        self.expect(">")
        self.expect("{")
        members: list[ast.TranslatorMember] = []
        while self.peek().kind != "}":
            tok = self.expect_name()
            self.expect("=")
            value = self.assignment()
            self.expect(";")
            members.append(ast.TranslatorMember(str(tok.value), value, tok.line))
        end = self.advance()
        self.expect(";")
        # DTrace reports a translator's errors at the line that ends it
        return ast.Translator(out_type, in_type, str(in_name.value), tuple(members), end.line)

    def _translator_output_body(self) -> None:
        """``translator struct s {``: DTrace reads a body after the output
        type as a definition of it, so a type already defined is redeclared."""
        kind, tag, brace = self.peek(), self.peek(1), self.peek(2)
        if kind.kind in ("struct", "union") and brace.kind == "{":
            from .decltypes import scope

            name = f"{kind.kind} {tag.value}"
            if name in scope().tags:
                raise self.error(f"type redeclared: {name}", "D_DECL_TYPERED", brace.line)

    def provider(self) -> ast.ProviderDef:
        """provider name { probe p(args) [: (args)]; ... } ;"""
        kw = self.advance()
        name = self.expect_name()
        self.expect("{")
        probes: list[ast.ProviderProbe] = []
        while self.peek().kind != "}":
            self.expect("probe")
            pname = self.expect_name()
            params = self._params()
            xlate = None
            if self.peek().kind == ":":
                self.advance()
                xlate = self._params()
            self.expect(";")
            probes.append(ast.ProviderProbe(str(pname.value), params, xlate, pname.line))
        self.advance()
        self.expect(";")
        return ast.ProviderDef(str(name.value), tuple(probes), kw.line)


def _check_param(p: DeclParser, kind: str, name: str | None, spec: ast.TypeName,
                 layers: list[tuple], number: int, line: int) -> None:
    """DTrace's checks of one prototype parameter that need its name."""
    if any(layer[0] == "assoc" for layer in layers):
        raise p.error(f"{kind} prototype may not use parameter of type dynamic variable: "
                      f"{name or '(anonymous)'}, parameter #{number}", "D_DECL_PROTO_TYPE",
                      line)
    if name is not None and spec.base == "void" and not layers:
        raise p.error(f"void parameter may not have a name: {name}", "D_DECL_PROTO_NAME",
                      line)


def _is_scoped_tag(tok: Token) -> bool:
    """``vmlinux`struct``: a module-scoped struct/union/enum keyword."""
    module, name = split_scope(str(tok.value))
    return module is not None and name in _SCOPED_TAG_KINDS


def _derive(spec: ast.TypeName, layers: list[tuple]) -> ast.TypeName:
    return dataclasses.replace(spec, derived=tuple(layers)) if layers else spec


def _combo(p: DeclParser, tok: Token) -> CompileError:
    return p.error("invalid type combination", "D_DECL_COMBO", tok.line)


def _canonical(p: DeclParser, base: str | None, words: list[str], line: int) -> str:
    """C's canonical spelling of a base type ("unsigned long long", ...),
    after DTrace's checks of which words may combine."""
    # DTrace keeps these words as flags: a repeated signed/short collapses,
    # and each "long" toggles long <-> long long.
    signed = "signed" in words
    unsigned = "unsigned" in words
    shorts = "short" in words
    nlongs = words.count("long")
    long1, long2 = nlongs % 2 == 1, nlongs >= 2
    longs = nlongs > 0
    if base == "char" and (shorts or longs):
        raise p.error(
            "invalid type declaration: short and long may not be used with char type",
            "D_DECL_CHARATTR",
            line,
        )
    if base == "void" and words:
        raise p.error(
            "invalid type declaration: attributes may not be used with void type",
            "D_DECL_VOIDATTR",
            line,
        )
    integer = base in (None, "int", "char")
    if (signed or unsigned) and not integer:
        raise p.error(
            "invalid type declaration: signed and unsigned may only be used with integer type",
            "D_DECL_SIGNINT",
            line,
        )
    if (shorts or longs) and not (integer or base in ("float", "double")):
        raise p.error(
            "invalid type declaration: long and long long may only be used with integer or "
            "floating-point type",
            "D_DECL_LONGINT",
            line,
        )
    if (signed and unsigned) or (shorts and longs) or (long1 and long2):
        # No such C type: spell it as DTrace does ("short long "), so that
        # the checker's "failed to resolve type short long : ..." matches.
        attrs = [("signed ", signed), ("unsigned ", unsigned), ("short ", shorts)]
        attrs += [("long ", long1), ("long long ", long2)]
        raw = "".join(text for text, on in attrs if on)
        sized = shorts or longs
        return raw + (base if base is not None and not (integer and sized) else "")
    size = "short" if shorts else "long long" if long2 else "long" if long1 else ""
    if base == "char":
        return "signed char" if signed else "unsigned char" if unsigned else "char"
    if base in ("float", "double"):
        return f"{size} {base}".strip()
    if base not in (None, "int"):
        return base
    name = size or "int"
    return f"unsigned {name}" if unsigned else name
