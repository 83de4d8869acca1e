"""All providers, and the table of probes with their ids.

Probe ids are handed out provider by provider in a fixed order, so the ids a
script sees are the ids ``dtrace -l`` lists.  Providers are enumerated only
when a description can match them: a script naming syscall probes never
reads the kernel's BTF for raw tracepoints.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from ..codegen.layout import ProbeInfo
from ..lang.ast import ProbeSpec
from ..lang.probedesc import glob_match
from .base import Probe, ProbeDef, Provider
from .dtrace import DTraceProvider
from .fbt import FbtProvider
from .pid import PidProvider, pid_of_provider
from .profile import ProfileProvider
from .rawtp import RawtpProvider
from .sdt import SdtProvider
from .syscall import SyscallProvider

GLOB_CHARS = set("*?[\\")


def is_literal(pattern: str) -> bool:
    return not GLOB_CHARS & set(pattern)


class ProbeTable:
    def __init__(self, providers: list[Provider] | None = None) -> None:
        self.providers: list[Provider] = providers or [
            DTraceProvider(),
            ProfileProvider(),
            SyscallProvider(),
            SdtProvider(),
            RawtpProvider(),
            FbtProvider(),
        ]
        #: per provider enumerated so far: the id of its first probe, and
        #: its probes' definitions (a Probe is made only for a probe a
        #: description matches: most of a provider's never are)
        self._defs: dict[str, tuple[int, list[ProbeDef]]] = {}
        #: probes a provider made on request, beyond those it lists
        self._made: dict[str, list[Probe]] = {}
        #: the probes made so far (every probe after all())
        self.by_id: dict[int, Probe] = {}
        self._done = 0
        self._next_id = 1
        #: pid -> the program a process started by dtrace -c will exec
        #: (it is held before exec, so its executable is not yet mapped)
        self.held: dict[int, str] = {}

    def provider(self, name: str) -> Provider | None:
        for p in self.providers:
            if p.name == name:
                return p
        return None

    def _add(self, provider: Provider, module: str, function: str, name: str,
             data: object) -> Probe:
        info = ProbeInfo(self._next_id, provider.name, module, function, name)
        probe = Probe(info, provider, data)
        self._next_id += 1
        self._made.setdefault(provider.name, []).append(probe)
        self.by_id[info.id] = probe
        return probe

    def _listed(self, provider: Provider, probe_id: int, d: ProbeDef) -> Probe:
        """The Probe of a listed definition, made the first time it is asked for."""
        probe = self.by_id.get(probe_id)
        if probe is None:
            info = ProbeInfo(probe_id, provider.name, d.module, d.function, d.name)
            probe = self.by_id[probe_id] = Probe(info, provider, d.data)
        return probe

    def _enumerate_through(self, index: int) -> None:
        while self._done <= index and self._done < len(self.providers):
            prov = self.providers[self._done]
            defs = list(prov.probes())
            self._defs[prov.name] = (self._next_id, defs)
            self._next_id += len(defs)
            self._done += 1

    def all(self) -> list[Probe]:
        self._enumerate_through(len(self.providers))
        for prov in self.providers:
            first, defs = self._defs[prov.name]
            for i, d in enumerate(defs):
                self._listed(prov, first + i, d)
        return sorted(self.by_id.values(), key=lambda p: p.id)

    def candidates(self, spec: ProbeSpec) -> list[int]:
        """Indexes of the providers a description can match."""
        pid = pid_of_provider(spec.provider, spec.line)
        if pid is not None and self.provider(spec.provider) is None:
            # pid providers exist once a description names them
            self.providers.append(PidProvider(pid, self.held.get(pid)))
        if spec.provider == "" and spec.module == "" and spec.function == "" and \
                spec.name in ("BEGIN", "END", "ERROR"):
            return [0]
        return [i for i, p in enumerate(self.providers)
                if spec.provider == "" or glob_match(spec.provider, p.name)]

    def match(self, spec: ProbeSpec) -> list[Probe]:
        if spec.id is not None:
            self.all()
            probe = self.by_id.get(spec.id)
            return [probe] if probe else []
        found: list[Probe] = []
        # each field's test is chosen once, not once per probe of a provider
        module, function, name = (_matcher(spec.module), _matcher(spec.function),
                                  _matcher(spec.name))
        for index in self.candidates(spec):
            self._enumerate_through(index)
            prov = self.providers[index]
            first, defs = self._defs[prov.name]
            if isinstance(prov, PidProvider) and spec.provider == prov.name:
                # a module has other names than its probes' (libc for libc.so.6)
                found.extend(self._pid_probes(prov, spec))
                continue
            hits = [
                self._listed(prov, first + i, d) for i, d in enumerate(defs)
                if name(d.name) and function(d.function) and module(d.module)
            ]
            hits += [
                p for p in self._made.get(prov.name, ())
                if name(p.info.name) and function(p.info.function) and module(p.info.module)
            ]
            if not hits and is_literal(spec.name):
                made = prov.create(spec.module, spec.function, spec.name)
                if made is not None:
                    hits = [self._add(prov, made.module, made.function, made.name, made.data)]
            found.extend(hits)
        return found

    def _pid_probes(self, prov: PidProvider, spec: ProbeSpec) -> list[Probe]:
        """The probes of a pid provider a description names, made as needed."""
        made = {(p.info.module, p.info.function, p.info.name): p
                for p in self._made.get(prov.name, ())}
        out = []
        for d in prov.on_demand(spec.module, spec.function, spec.name, spec.line):
            key = (d.module, d.function, d.name)
            if key not in made:
                made[key] = self._add(prov, d.module, d.function, d.name, d.data)
            out.append(made[key])
        return out

    def unavailable_reason(self, spec: ProbeSpec) -> str | None:
        """Why a description naming a provider this kernel lacks matched nothing."""
        if is_literal(spec.provider):
            prov = self.provider(spec.provider)
            if prov is not None and prov.unavailable:
                return prov.unavailable
        return None


def _everything(value: str) -> bool:
    return True


def _matcher(pattern: str) -> Callable[[str], bool]:
    """A probe description field's test: glob_match(pattern, value), faster."""
    if pattern == "":
        return _everything
    if is_literal(pattern):
        return pattern.__eq__
    return partial(glob_match, pattern)
