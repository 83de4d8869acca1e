"""Where aggregations live: a few shared per-CPU maps, not one map each.

The kernel lets one program use at most 64 maps, and a D program may have
hundreds of aggregations, so they share maps.  Keyed aggregations whose key
and value sizes agree share one per-CPU hash; when a hash holds more than one
of them, its first key word is the aggregation's slot (a hash of one keeps
the plain key, so the common case hashes nothing more).  Keyless aggregations
share per-CPU arrays, one element each.  When sizes vary so much that this
still makes more than :data:`AGG_MAP_BUDGET` maps, sizes are rounded up to
powers of two -- values first (padding a value costs memory, padding a key
costs hashing at every firing) -- and in the end all keyed aggregations share
one hash and all keyless ones one array.  The number of maps therefore never
grows with the number of aggregations.

aggsize bounds all keyed aggregations together, like DTrace's one aggregation
buffer: a new key charges what DTrace counts for it to a word of the globals
map and is an aggregation drop when that would pass aggsize (codegen/aggs.py).
The consumer credits back what trunc() deletes in a map of its own, so each
count has one kind of writer and no update is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..bpf.consts import MapType
from .layout import AggDesc, Field

if TYPE_CHECKING:
    from ..lang.symtab import AggInfo
    from .context import CompileContext, MapSpec

#: most maps aggregations may take; the rest of the 64 are for everything else
AGG_MAP_BUDGET = 16
#: a hash's entries per aggregation it holds, so that creating it stays cheap
AGG_MAX_ENTRIES = 16384
#: the word before a shared hash's key fields: which aggregation the key is of
SLOT_WORD = 8


@dataclass(frozen=True)
class _Agg:
    name: str
    info: AggInfo
    fields: tuple[Field, ...]
    key_size: int  # of the key fields alone
    value_size: int
    entry_size: int  # what one entry costs of aggsize


def _pow2(n: int) -> int:
    return 1 << max(n - 1, 0).bit_length()


def _group_key(a: _Agg, level: int, widest: tuple[int, int, int]) -> tuple[bool, int, int]:
    """(keyed, key size, value size) of the map ``a`` goes to at rounding ``level``."""
    keyed = bool(a.info.key_types)
    if level == 3:  # one hash and one array
        return (keyed, widest[0], widest[1]) if keyed else (False, 0, widest[2])
    value = _pow2(a.value_size) if level >= 1 else a.value_size
    key = _pow2(a.key_size) if level >= 2 else a.key_size
    return (keyed, key if keyed else 0, value)


def plan_agg_maps(ctx: CompileContext, infos: dict[str, AggInfo]
                  ) -> tuple[dict[str, AggDesc], list[MapSpec]]:
    """Each aggregation's place, and the maps that hold them."""
    from .context import MapSpec

    aggs = []
    for name, info in infos.items():
        fields, ksize = ctx.key_fields(info.key_types)
        vsize = info.params.value_size
        aggs.append(_Agg(name, info, fields, ksize, vsize,
                         ctx.agg_entry_size(info.key_types, vsize)))
    keyed = [a for a in aggs if a.info.key_types]
    keyless = [a for a in aggs if not a.info.key_types]
    widest = (max((a.key_size for a in keyed), default=8),
              max((a.value_size for a in keyed), default=8),
              max((a.value_size for a in keyless), default=8))
    for level in range(4):
        groups: dict[tuple[bool, int, int], list[_Agg]] = {}
        for a in aggs:
            groups.setdefault(_group_key(a, level, widest), []).append(a)
        if len(groups) <= AGG_MAP_BUDGET:
            break
    order = {name: i for i, name in enumerate(infos)}
    descs: dict[str, AggDesc] = {}
    specs: list[MapSpec] = []
    for number, ((is_keyed, ksize, vsize), members) in enumerate(groups.items()):
        shared = len(members) > 1
        mname = f"aggs_{number}" if shared else f"agg_{members[0].name or '_'}"
        if is_keyed:
            base = SLOT_WORD if shared else 0
            key_size = base + ksize
            # aggsize bounds the entries through the byte count; this caps the
            # memory: a padded value counts whole, as in DTrace's own padded map
            smallest = min(a.entry_size - a.value_size + vsize for a in members)
            entries = min(AGG_MAX_ENTRIES * len(members), max(1, ctx.aggsize // smallest))
            specs.append(MapSpec(mname, MapType.PERCPU_HASH, key_size, vsize, entries))
        else:
            base, key_size = 0, 4
            specs.append(MapSpec(mname, MapType.PERCPU_ARRAY, 4, vsize, len(members)))
        for slot, a in enumerate(members):
            fields = tuple(replace(f, offset=f.offset + base) for f in a.fields)
            descs[a.name] = AggDesc(
                a.name, a.info.func, mname, fields, key_size, a.value_size, not is_keyed,
                order[a.name], a.info.params, slot=slot, shared=shared and is_keyed,
                entry_size=a.entry_size, map_value_size=vsize,
            )
    return dict(sorted(descs.items(), key=lambda kv: kv[1].order)), specs
