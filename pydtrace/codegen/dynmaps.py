"""Where dynamic variables live: thread-locals and associative arrays share
a few hashes, not one each.

As with aggregations (aggmaps.py), the kernel's limit of 64 maps per program
must not depend on how many variables a script declares.  Variables whose
key and value sizes agree share one hash, and when a hash holds more than
one variable its key starts with the variable's slot (a hash of one keeps
the plain key).  Thread-locals and ``self->x[...]`` arrays put their slot in the
top bits of the thread word instead, so their keys are no longer and a
``self->`` access costs what it did with a hash of its own.  When shapes are many,
key sizes are rounded up to powers of two, and then to the widest key for
each value size.  Values are never padded: a store copies the variable's own
bytes, and the kernel would read a padded value past them.

dynvarsize bounds each hash, as DTrace's one pool of dynamic variables: it
holds dynvarsize bytes of its smallest variable's elements, as DTrace counts
them (and always one element, as DTrace always has room for one thread-local).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..bpf.consts import MapType
from ..types.dtypes import UINT64, DType
from .layout import Field

if TYPE_CHECKING:
    from ..lang.check import Symbols
    from .context import CompileContext, DynVar, MapSpec

#: most maps dynamic variables may take
DYN_MAP_BUDGET = 24
#: the word before a shared hash's key fields: which variable the key is of
SLOT_WORD = 8
#: thread-keyed variables say which they are in the thread word's top bits,
#: above any tgid (the kernel's pid limit is 2^22): no longer key to hash
THREAD_SLOT_SHIFT = 54
THREAD_SLOTS = 1 << (64 - THREAD_SLOT_SHIFT)


@dataclass(frozen=True)
class _Var:
    name: str  # "self->x" for a thread-local, else the array's name
    dtype: DType
    fields: tuple[Field, ...]  # the thread first for a thread-local
    key_size: int
    value_size: int
    entry_size: int  # what one element costs of dynvarsize
    thread: bool
    scalar: bool  # a thread-local, not an array


def _pow2(n: int) -> int:
    return 1 << max(n - 1, 0).bit_length()


def plan_dyn_maps(ctx: CompileContext, sym: Symbols
                  ) -> tuple[dict[str, DynVar], dict[str, DynVar], list[MapSpec]]:
    """Each thread-local's and associative array's place, and their maps."""
    from .context import BPF_F_NO_PREALLOC, DYNVAR_ENTRIES, DynVar, MapSpec, align8

    variables = []
    for name, t in sym.self_vars.items():
        fields, ksize = ctx.key_fields((UINT64,))
        variables.append(_Var(name, t, fields, ksize, align8(ctx.value_size(t)),
                              ctx.dynvar_entry_size((), t), True, True))
    for name, info in sym.assocs.items():
        # self->x[...] is keyed by the thread too: (pid_tgid, keys...)
        thread = name.startswith("self->")
        fields, ksize = ctx.key_fields(((UINT64,) if thread else ()) + info.key_types)
        vsize = align8(ctx.value_size(info.value))
        variables.append(_Var(name, info.value, fields, ksize, vsize,
                              ctx.dynvar_entry_size(info.key_types, info.value), thread, False))
    widest: dict[int, int] = {}
    for v in variables:
        widest[v.value_size] = max(widest.get(v.value_size, 0), v.key_size)
    for level in range(3):
        groups: dict[tuple[bool, int, int, int], list[_Var]] = {}
        seen: dict[tuple[bool, int, int], int] = {}
        for v in variables:
            key = (v.key_size, _pow2(v.key_size), widest[v.value_size])[level]
            shape = (v.thread, key, v.value_size)
            # a hash of thread-keyed variables tags the thread word: it holds
            # at most THREAD_SLOTS of them
            part = seen.get(shape, 0) // THREAD_SLOTS if v.thread else 0
            seen[shape] = seen.get(shape, 0) + 1
            groups.setdefault((*shape, part), []).append(v)
        if len(groups) <= DYN_MAP_BUDGET:
            break
    self_vars: dict[str, DynVar] = {}
    assocs: dict[str, DynVar] = {}
    specs: list[MapSpec] = []
    for number, ((thread, ksize, vsize, _), members) in enumerate(groups.items()):
        shared = len(members) > 1
        if shared:
            mname = f"dvars_{number}"
        elif members[0].scalar:
            mname = f"self_{members[0].name}"
        else:
            mname = f"assoc_{members[0].name.replace('self->', 'self_')}"
        base = SLOT_WORD if shared and not thread else 0
        entries = min(DYNVAR_ENTRIES, max(1, ctx.dynvarsize // min(
            v.entry_size for v in members)))
        specs.append(MapSpec(mname, MapType.HASH, base + ksize, vsize, entries,
                             BPF_F_NO_PREALLOC))
        for slot, v in enumerate(members):
            tag = slot << THREAD_SLOT_SHIFT if thread else 0
            if v.scalar and ksize == v.key_size:
                # the key is just the (tagged) thread, kept on the stack
                self_vars[v.name] = DynVar(mname, v.dtype, vsize, thread_tag=tag)
                continue
            keys = tuple(replace(f, offset=f.offset + base) for f in v.fields)
            var = DynVar(mname, v.dtype, vsize, keys, base + ksize, v.thread, slot,
                         shared and not thread, tag)
            (self_vars if v.scalar else assocs)[v.name] = var
    return self_vars, assocs, specs
