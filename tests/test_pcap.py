"""pcap(): a real loopback packet, dumped in hex or written to a capture file."""

from __future__ import annotations

import re
import struct
import time
from pathlib import Path

from dtrace_helpers import run_dtrace

from pydtrace.consumer.pcapfile import file_header, packet_record

#: the workload's UDP datagram: Ethernet (14) + IPv4 (20) + UDP (8) + "hello"
UDP_LEN = 47
QUEUED = f"rawtp:net::net_dev_queue /pid == $target && args[0]->len == {UDP_LEN}/"
DUMP_LINE = re.compile(r"^\s+[0-9a-f]+:((?: [0-9a-f]{2})+)  ")


def dumps(text: str) -> list[bytes]:
    """The bytes of each hex dump in ``text``, in order."""
    found: list[bytes] = []
    for block in text.split("0123456789abcdef\n")[1:]:
        data = b""
        for line in block.splitlines():
            m = DUMP_LINE.match(line)
            if m is None:
                break
            data += bytes.fromhex(m.group(1))
        found.append(data)
    return found


def check_udp_hello(packet: bytes) -> None:
    """Loopback's Ethernet header, then IPv4 127.0.0.1 -> 127.0.0.1, UDP to
    port 9 carrying "hello"."""
    assert packet[:14] == bytes(12) + b"\x08\x00"
    ip = packet[14:34]
    assert ip[0] == 0x45 and ip[9] == 17  # version 4, 20-byte header; UDP
    assert struct.unpack(">H", ip[2:4])[0] == UDP_LEN - 14
    assert ip[12:16] == ip[16:20] == bytes([127, 0, 0, 1])
    assert struct.unpack(">H", packet[36:38])[0] == 9
    assert packet[42:] == b"hello"


def test_pcap_dumps_what_tracemem_dumps(workloads: dict[str, str]) -> None:
    script = (f"{QUEUED} {{ pcap(args[0], PCAP_ETHER); "
              f"tracemem(args[0]->data, {UDP_LEN}); }}")
    res = run_dtrace(["-q", "-c", workloads["loopback"], "-n", script])
    assert res.status == 0, res.err
    captured, traced = dumps(res.out)
    assert captured == traced
    check_udp_hello(captured)


def test_pcapsize_bounds_the_capture(workloads: dict[str, str]) -> None:
    # 20 is kept rounded up to 24, as DTrace rounds it
    res = run_dtrace(["-q", "-x", "pcapsize=20", "-c", workloads["loopback"], "-n",
                      f"{QUEUED} {{ pcap(args[0], PCAP_ETHER); }}"])
    assert res.status == 0, res.err
    (captured,) = dumps(res.out)
    assert len(captured) == 24
    assert captured[:16] == bytes(12) + b"\x08\x00\x45\x00"


def test_capture_file(workloads: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "udp.pcap"
    script = (f'{QUEUED} {{ freopen("{path}"); pcap(args[0], PCAP_ETHER); freopen(""); '
              f'tracemem(args[0]->data, {UDP_LEN}); pcap(args[0], PCAP_IP); }}')
    before = time.time()
    res = run_dtrace(["-q", "-w", "-c", workloads["loopback"], "-n", script])
    assert res.status == 0, res.err
    # the packet went to the file; with the output back, pcap() dumps again
    traced, dumped = dumps(res.out)
    assert traced == dumped
    data = path.read_bytes()
    # libpcap's header: magic, version 2.4, snapshot length pcapsize, Ethernet
    assert data[:24] == file_header(1, 1520)
    assert struct.unpack("<IHHiIII", data[:24]) == (0xA1B2C3D4, 2, 4, 0, 0, 1520, 1)
    seconds, micros, caplen, length = struct.unpack("<IIII", data[24:40])
    assert caplen == length == UDP_LEN
    assert data[40:] == traced
    check_udp_hello(traced)
    assert before - 5 <= seconds + micros / 1e6 <= time.time() + 5
    assert micros < 1_000_000


def test_file_format() -> None:
    # PCAP_IP (DLT_RAW, 12) is LINKTYPE_RAW (101) in a capture file
    assert struct.unpack("<IHHiIII", file_header(12, 64))[-1] == 101
    assert struct.unpack("<IHHiIII", file_header(105, 64))[-1] == 105
    record = packet_record(1_700_000_000_123_456_789, b"abc")
    assert record == struct.pack("<IIII", 1_700_000_000, 123_456, 3, 3) + b"abc"


def test_json_output(workloads: dict[str, str]) -> None:
    import json

    res = run_dtrace(["-x", "oformat=json", "-q", "-c", workloads["loopback"], "-n",
                      f"{QUEUED} {{ pcap(args[0], PCAP_ETHER); pcap(0, PCAP_IP); }}"])
    assert res.status == 0, res.err
    (probe,) = [json.loads(line) for line in res.out.splitlines() if '"probe"' in line]
    (captured,) = probe["output"]  # the NULL packet adds nothing
    assert captured["linktype"] == 1
    check_udp_hello(bytes.fromhex(captured["pcap"]))
