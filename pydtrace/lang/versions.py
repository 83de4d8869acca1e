"""The D API version each built-in identifier appeared in.

``#pragma D option version=1.0`` (or ``-x version``) hides what came later,
so a program written for an older D may use those names for its own
variables; everything not listed here has been in D since 1.0.
"""

from __future__ import annotations

Version = tuple[int, int, int]

_INTRODUCED: dict[Version, tuple[str, ...]] = {
    (1, 1, 0): ("freopen", "index", "rindex", "strchr", "strrchr", "strstr", "strtok",
                "substr"),
    (1, 2, 0): ("func", "mod", "setopt", "sym", "uaddr", "ucaller", "ufunc", "umod",
                "ustackdepth", "usym"),
    (1, 3, 0): ("htonl", "htonll", "htons", "ntohl", "ntohll", "ntohs"),
    (1, 5, 0): ("inet_ntoa", "inet_ntoa6", "inet_ntop", "link_ntop"),
    (1, 6, 0): ("stddev",),
    (1, 6, 4): ("llquantize", "pcap"),
    (2, 0, 0): ("print",),
}
SINCE: dict[str, Version] = {name: v for v, names in _INTRODUCED.items() for name in names}


def parse_version(text: str) -> Version:
    """"1.1" -> (1, 1, 0); the option's value was checked when it was set."""
    nums = [int(p) for p in text.split(".")] + [0, 0]
    return nums[0], nums[1], nums[2]


def visible(name: str, version: str | None) -> bool:
    """Is the built-in ``name`` part of D at API ``version`` (None: the newest)?"""
    return version is None or SINCE.get(name, (1, 0, 0)) <= parse_version(version)
