"""Stability attributes of probe descriptions, as dtrace -v reports them.

Each provider has five attributes (provider, module, function, name,
arguments), each a (names, data, dependency class) triple.  A description's
attributes are the minimum over the components it names; a provider left
empty or written as a pattern stands for DTrace's "Unstable" default.
"""

from __future__ import annotations

from .lang import ast

STABILITY_ORDER = ["Internal", "Private", "Obsolete", "External", "Unstable", "Evolving",
                   "Stable", "Standard"]
CLASS_ORDER = ["Unknown", "CPU", "Platform", "Group", "ISA", "Common"]

Attr = tuple[str, str, str]

STABLE: Attr = ("Stable", "Stable", "Common")
EVOLVING: Attr = ("Evolving", "Evolving", "Common")
UNSTABLE: Attr = ("Unstable", "Unstable", "Common")
PRIVATE: Attr = ("Private", "Private", "Unknown")
PRIVATE_ISA: Attr = ("Private", "Private", "ISA")

#: provider -> attributes of (provider, module, function, name, args)
PROVIDER_ATTRS: dict[str, tuple[Attr, Attr, Attr, Attr, Attr]] = {
    "dtrace": (STABLE, PRIVATE, PRIVATE, STABLE, STABLE),
    "syscall": (EVOLVING, PRIVATE, PRIVATE_ISA, EVOLVING, PRIVATE_ISA),
    "profile": (EVOLVING, ("Unstable", "Unstable", "Unknown"), PRIVATE, EVOLVING, EVOLVING),
    "sdt": (("Evolving", "Evolving", "ISA"), PRIVATE, PRIVATE, PRIVATE_ISA, PRIVATE_ISA),
    "rawtp": (("Evolving", "Evolving", "ISA"), PRIVATE, PRIVATE, PRIVATE_ISA, PRIVATE_ISA),
}
#: what DTrace assumes for a description that names no single provider
DEFAULT_ATTRS = (UNSTABLE,) * 5


def minimum(attrs: list[Attr]) -> Attr:
    if not attrs:
        return STABLE
    return (min((a[0] for a in attrs), key=STABILITY_ORDER.index),
            min((a[1] for a in attrs), key=STABILITY_ORDER.index),
            min((a[2] for a in attrs), key=CLASS_ORDER.index))


def is_pattern(text: str) -> bool:
    return not text or any(c in text for c in "*?[")


def description_attributes(spec: ast.ProbeSpec) -> Attr:
    if is_pattern(spec.provider):
        table = DEFAULT_ATTRS
    else:
        table = PROVIDER_ATTRS.get(spec.provider, (PRIVATE,) * 5)
    parts = [table[0]]
    for text, attr in ((spec.module, table[1]), (spec.function, table[2]),
                       (spec.name, table[3])):
        if not is_pattern(text):
            parts.append(attr)
    return minimum(parts)


def provider_attributes(provider: str) -> Attr:
    """The provider's own attributes (what dtrace -lv shows for its probes)."""
    return PROVIDER_ATTRS.get(provider, (PRIVATE,) * 5)[0]
