"""pcap(): packets shown as a hex dump, or written to a capture file.

While freopen() has sent output to a file, DTrace writes pcap() packets to
that file in the libpcap format instead of printing them: the file header
once (with the link type of the first packet and pcapsize as the snapshot
length), then a header and the captured bytes for each packet.  Otherwise
(no tshark to pipe them into, as here) the bytes are dumped as tracemem()
dumps them.
"""

from __future__ import annotations

import struct
import time
from dataclasses import dataclass, field
from typing import BinaryIO

from . import traceformat as tf

PCAP_MAGIC = 0xA1B2C3D4  # microsecond timestamps
PCAP_VERSION = (2, 4)
#: DLT_* numbers whose capture-file LINKTYPE_* number differs (libpcap's
#: mapping on Linux): DLT_ATM_RFC1483 and DLT_RAW (what PCAP_IP names)
_LINKTYPE_OF_DLT = {11: 100, 12: 101}


def linktype(dlt: int) -> int:
    return _LINKTYPE_OF_DLT.get(dlt, dlt)


def file_header(dlt: int, snaplen: int) -> bytes:
    return struct.pack("<IHHiIII", PCAP_MAGIC, *PCAP_VERSION, 0, 0, snaplen, linktype(dlt))


def packet_record(epoch_ns: int, data: bytes) -> bytes:
    """One packet: its time (nanoseconds since the epoch) and all its bytes."""
    seconds, ns = divmod(epoch_ns, 1_000_000_000)
    return struct.pack("<IIII", seconds, ns // 1000, len(data), len(data)) + data


def boot_time_ns() -> int:
    """Nanoseconds since the epoch when the kernel's monotonic clock started:
    pcap() times count from there, capture files want wall time."""
    return time.time_ns() - time.monotonic_ns()


def dump_text(length: int, data: bytes) -> str:
    """The packet as a hex dump; a NULL skb (length 0) shows nothing."""
    return tf.hexdump(data[:length]) if length > 0 else ""


@dataclass
class CaptureFiles:
    """The capture files pcap() has written to, by file name; each stays open
    (and keeps the link type it began with) until tracing ends."""

    snaplen: int
    files: dict[str, tuple[BinaryIO, int]] = field(default_factory=dict)
    boot_ns: int = field(default_factory=boot_time_ns)

    def write(self, path: str, dlt: int, time_ns: int, data: bytes) -> None:
        entry = self.files.get(path)
        if entry is None:
            try:
                f = open(path, "wb")  # noqa: SIM115 - open while tracing lasts
            except OSError:
                return  # DTrace drops the packet quietly too
            f.write(file_header(dlt, self.snaplen))
            entry = self.files[path] = (f, dlt)
        f, first_dlt = entry
        if dlt != first_dlt:
            return  # one file holds one link type; DTrace drops the rest
        f.write(packet_record(self.boot_ns + time_ns, data))
        f.flush()
