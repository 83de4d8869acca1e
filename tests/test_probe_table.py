"""The probe table: ids in listing order, whichever probes a script asks for."""

from __future__ import annotations

from collections.abc import Iterable

from pydtrace.bpf.consts import ProgType
from pydtrace.lang.ast import ProbeSpec
from pydtrace.providers.base import Attachment, Probe, ProbeDef, Provider
from pydtrace.providers.registry import ProbeTable


class Listed(Provider):
    prog_type = ProgType.TRACEPOINT

    def __init__(self, name: str, functions: list[str]) -> None:
        self.name = name
        self.functions = functions
        self.enumerated = 0

    def probes(self) -> Iterable[ProbeDef]:
        self.enumerated += 1
        for f in self.functions:
            yield ProbeDef("mod", f, "entry", data=f)
            yield ProbeDef("mod", f, "return", data=f)

    def create(self, module: str, function: str, name: str) -> ProbeDef | None:
        return ProbeDef(module, function, name) if name.startswith("made-") else None

    def trampoline(self, asm: object, probe: Probe, needed: frozenset[int]) -> None:
        raise NotImplementedError

    def attach(self, probe: Probe, prog_fd: int) -> Attachment:
        raise NotImplementedError


def table() -> ProbeTable:
    return ProbeTable([Listed("one", ["a", "b"]), Listed("two", ["c", "d", "e"])])


def spec(text: str) -> ProbeSpec:
    provider, module, function, name = text.split(":")
    return ProbeSpec(provider, module, function, name, 1)


def names(probes: list[Probe]) -> list[tuple[int, str]]:
    return [(p.id, p.info.fullname) for p in probes]


def test_ids_are_those_of_the_full_listing() -> None:
    listing = names(table().all())
    assert listing[:3] == [(1, "one:mod:a:entry"), (2, "one:mod:a:return"),
                           (3, "one:mod:b:entry")]
    assert listing[-1] == (10, "two:mod:e:return")
    t = table()
    assert names(t.match(spec("two::d:return"))) == [(8, "two:mod:d:return")]
    assert names(t.match(spec(":::entry"))) == [x for x in listing if x[1].endswith("entry")]
    assert names(t.all()) == listing


def test_a_probe_is_one_object_and_keeps_its_data() -> None:
    t = table()
    first = t.match(spec("one::b:entry"))[0]
    assert t.match(spec("one:mod:b:ent*"))[0] is first
    assert first.data == "b" and t.by_id[first.id] is first
    # a provider the descriptions cannot match is not even enumerated
    assert [p.enumerated for p in t.providers] == [1, 0]  # type: ignore[attr-defined]


def test_made_probes_take_the_next_id() -> None:
    t = table()
    made = t.match(spec("one::x:made-1"))
    assert names(made) == [(5, "one::x:made-1")]
    assert t.match(spec("one:::made-*")) == made
    # providers enumerated later number their probes after it
    assert names(t.match(spec("two::e:*"))) == [(10, "two:mod:e:entry"), (11, "two:mod:e:return")]
    assert names(t.all())[3:6] == [(4, "one:mod:b:return"), (5, "one::x:made-1"),
                                  (6, "two:mod:c:entry")]
