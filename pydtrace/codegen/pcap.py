"""pcap(skb, linktype): a network packet into the trace record.

The record holds when the packet was seen (nanoseconds since boot), how many
bytes were captured, the link type, and then room for pcapsize bytes.  The
bytes captured are the packet's linear data (skb->len - skb->data_len, what
skb->data points at), at most pcapsize of them; a NULL or unreadable skb
reads as length 0, which the consumer shows as nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bpf.consts import Helper
from ..lang import ast
from ..types.dtypes import INT, UINT64, DType
from .asm import DW, FP, R0, R1, Reg
from .builtin_vars import read_kernel
from .kernel import member_offset
from .layout import ActionDesc
from .regs import FP_RECORD

if TYPE_CHECKING:
    from .clause import ClauseGen

def pcap_types(pcapsize: int) -> list[DType]:
    """The record's fields: time, captured length, link type, packet bytes."""
    from .recorded import BytesType

    return [UINT64, UINT64, INT, BytesType("bytes", pcapsize)]


def emit_pcap(cg: ClauseGen, call: ast.Call, desc: ActionDesc) -> None:
    from .recorded import address, store_int

    g, asm = cg.g, cg.asm
    time_f, len_f, proto_f, data_f = desc.fields
    store_int(cg, call.args[1], proto_f.offset)

    g.call(Helper.ktime_get_ns)
    asm.ldx(DW, R1, FP, FP_RECORD)
    asm.stx(DW, R1, time_f.offset, R0)

    skb = address(cg, call.args[0], data_f.size)
    # linear bytes: skb->len counts the paged fragments too (skb->data_len)
    read_kernel(g, skb, member_offset("sk_buff", "len"), 4)
    length = g.result(UINT64, keep=(skb,))
    read_kernel(g, skb, member_offset("sk_buff", "data_len"), 4)
    n = g.regs.reg(length, skb)
    asm.sub(n, Reg(R0))
    # unsigned, so a negative difference is clamped too: the verifier needs
    # the size bounded by the room in the record
    fits = asm.new_label("pcap_fits")
    asm.jcc("jle", n, data_f.size, fits)
    asm.mov(n, data_f.size)
    asm.label(fits)
    asm.ldx(DW, R1, FP, FP_RECORD)
    asm.stx(DW, R1, len_f.offset, n)

    read_kernel(g, skb, member_offset("sk_buff", "data"), 8)
    g.regs.release(skb)
    data = g.result(UINT64, keep=(length,))

    def dst(reg: int) -> None:
        asm.ldx(DW, reg, FP, FP_RECORD)
        asm.add(reg, data_f.offset)

    g.call(Helper.probe_read_kernel, dst, length, data)
    g.regs.release(length, data)
    g.scratch.reset()
