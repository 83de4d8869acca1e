"""Probe descriptions: splitting ``provider:module:function:name`` and globbing.

A description names up to four fields separated by ``:``; fields missing on
the left are empty (``read:entry`` is function ``read``, name ``entry``), and
an empty field matches anything.  The dtrace(1) options -P, -m, -f and -n say
which field the *last* component is (``-f read`` names a function).

Each field may be a glob, matched as DTrace matches it (with fnmatch(3)
rules): ``*``, ``?``, ``[...]`` with ``!`` or ``^`` negation, ranges and
``[:class:]`` names, and ``\\`` to quote the next character.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from pydtrace.errors import CompileError
from pydtrace.lang.ast import ProbeSpec

#: Field order; ``last`` picks where a description's final component goes.
FIELDS = ("provider", "module", "function", "name")


def _expand(component: str, macros: Mapping[str, str]) -> str | None:
    """Substitute the first ``$`` variable in one component (dtrace_xstr2desc).

    ``$N`` (or ``$$N``) is argument N, and text may follow the digits; any
    other ``$name`` runs to the end of the component.  None means undefined.
    """
    dollar = component.find("$")
    if dollar < 0:
        return component
    head, var = component[:dollar], component[dollar:]
    if len(var) > 2 and var[1] == "$":
        var = var[1:]  # $$ and $ mean the same here
    m = re.match(r"\$([0-9]+)", var)
    if m is not None:
        value = macros.get(str(int(m.group(1))))
        if value is None:
            return None
        return head + value + var[m.end() :]
    if len(var) > 1 and var[1:] in macros:
        return head + macros[var[1:]]
    return None


def parse_probe_spec(
    text: str,
    line: int = 0,
    last: str = "name",
    macros: Mapping[str, str] | None = None,
) -> ProbeSpec:
    """Split a probe description, substituting macro variables.

    ``last`` is "provider", "module", "function" or "name" (dtrace -P/-m/-f/-n).
    Raises DTrace's D_PDESC_INVAL error for too many fields or an undefined
    macro variable.
    """
    index = FIELDS.index(last)
    fields = ["", "", "", ""]
    components = text.split(":")
    for component in reversed(components):
        if index < 0:
            raise _invalid(text, "Overspecified probe description", line)
        value = _expand(component, macros or {})
        if value is None:
            raise _invalid(text, "Undefined macro variable in probe description", line)
        fields[index] = value
        index -= 1
    return ProbeSpec(fields[0], fields[1], fields[2], fields[3], line)


def _invalid(text: str, why: str, line: int) -> CompileError:
    return CompileError(
        f'invalid probe description "{text}": {why}', tag="D_PDESC_INVAL", line=line
    )


def spec_matches(spec: ProbeSpec, provider: str, module: str, function: str, name: str) -> bool:
    """Whether a probe with these four names matches the description."""
    return (
        glob_match(spec.provider, provider)
        and glob_match(spec.module, module)
        and glob_match(spec.function, function)
        and glob_match(spec.name, name)
    )


def has_glob(pattern: str) -> bool:
    """Whether a field uses glob characters (else it must match exactly)."""
    return any(c in pattern for c in "*?[\\")


def glob_match(pattern: str, text: str) -> bool:
    """fnmatch(pattern, text) as DTrace uses it; an empty pattern matches all."""
    if pattern == "":
        return True
    if not has_glob(pattern):
        return pattern == text
    rx = _compile(pattern)
    return rx is not None and rx.fullmatch(text) is not None


_CLASSES = {
    "alnum": "a-zA-Z0-9",
    "alpha": "a-zA-Z",
    "blank": " \\t",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "\\x21-\\x7e",
    "lower": "a-z",
    "print": "\\x20-\\x7e",
    "punct": "!-/:-@\\[-`{-~",
    "space": " \\t\\n\\r\\f\\v",
    "upper": "A-Z",
    "xdigit": "0-9A-Fa-f",
}


@lru_cache(maxsize=1024)
def _compile(pattern: str) -> re.Pattern[str] | None:
    """Translate a glob to a regex; None when it can never match (a trailing
    backslash, as in glibc)."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        i += 1
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "\\":
            if i >= n:
                return None
            out.append(re.escape(pattern[i]))
            i += 1
        elif c == "[":
            bracket = _bracket(pattern, i)
            if bracket is None:
                out.append(re.escape("["))  # no closing "]": a plain "["
            else:
                regex, i = bracket
                out.append(regex)
        else:
            out.append(re.escape(c))
    return re.compile("".join(out), re.DOTALL)


def _bracket(pattern: str, i: int) -> tuple[str, int] | None:
    """Translate ``[...]`` whose body starts at ``i``: (regex, index after)."""
    n = len(pattern)
    negate = i < n and pattern[i] in "!^"
    if negate:
        i += 1
    items: list[str] = []
    first = True
    while i < n:
        c = pattern[i]
        if c == "]" and not first:
            body = "".join(items)
            if not body:  # only empty ranges like [z-a]
                return ("." if negate else "(?!)"), i + 1
            return (f"[^{body}]" if negate else f"[{body}]"), i + 1
        first = False
        if c == "[" and pattern.startswith("[:", i):
            end = pattern.find(":]", i + 2)
            if end >= 0 and pattern[i + 2 : end] in _CLASSES:
                items.append(_CLASSES[pattern[i + 2 : end]])
                i = end + 2
                continue
        if c == "\\" and i + 1 < n:
            i += 1
            c = pattern[i]
        lo = c
        i += 1
        if i + 1 < n and pattern[i] == "-" and pattern[i + 1] != "]":
            hi = pattern[i + 1]
            i += 2
            if hi == "\\" and i < n:
                hi = pattern[i]
                i += 1
            if ord(hi) >= ord(lo):
                items.append(f"{_cls_escape(lo)}-{_cls_escape(hi)}")
            continue
        items.append(_cls_escape(lo))
    return None


def _cls_escape(c: str) -> str:
    return "\\" + c if c in "\\]^-[" else c
