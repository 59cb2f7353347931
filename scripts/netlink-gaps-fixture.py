#!/usr/bin/env python3
"""The TCP sockets whose /proc rows a netlink (sock_diag) reply does not describe in full.

Usage (as root, inside a namespace made by test/_support/netns.ts, whose SILENT4 neighbour has a
permanent entry with a MAC nobody owns):
    ip netns exec NS python3 scripts/netlink-gaps-fixture.py LOCAL4 SILENT4

- a listener owned by nobody (uid 65534), with a pending connection in SYN_RECV: a SYN sent
  from SILENT4 through a raw socket, whose SYN-ACKs go to the silent neighbour and are never
  answered. /proc shows the listener's uid on that row; netlink says 0.
- a listener that first tried to connect (see listener_after_connect.py): /proc shows that
  attempt's send queue and peer address; netlink shows its backlog limit. Where the kernel
  refuses to make one, a line on stderr says so and the fixture goes on without it.
Prints READY once in place, then sleeps until killed (at most LIFETIME seconds).
"""
import os
import socket
import struct
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
from listener_after_connect import listener_after_connect  # noqa: E402

LIFETIME = 300
LISTEN_PORT, SYN_PORT = 47120, 47121
CONNECTED_LISTEN_PORT, CONNECT_HELPER_PORT = 47122, 47123
keep = []


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def syn(src, dst, sport, dport):
    """An IPv4 packet holding a bare TCP SYN from src:sport to dst:dport."""
    s, d = socket.inet_aton(src), socket.inet_aton(dst)
    tcp = struct.pack("!HHIIBBHHH", sport, dport, 1000, 0, 5 << 4, 0x02, 64240, 0, 0)
    tcp = tcp[:16] + struct.pack("!H", checksum(s + d + struct.pack("!BBH", 0, 6, len(tcp)) + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0, 64, 6, 0, s, d)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return ip + tcp


def states():
    with open("/proc/net/tcp") as f:
        return [line.split()[3] for line in f.readlines()[1:]]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: netlink-gaps-fixture.py LOCAL4 SILENT4")
    local, silent = sys.argv[1], sys.argv[2]

    os.seteuid(65534)  # the socket takes its owner from the creator's (file system) uid
    listener = socket.socket()
    os.seteuid(0)
    listener.bind((local, LISTEN_PORT))
    listener.listen(8)
    keep.append(listener)

    try:
        keep.append(listener_after_connect("127.0.0.1", CONNECTED_LISTEN_PORT, CONNECT_HELPER_PORT))
    except OSError as e:
        print("fixture: no listener that once tried to connect: %s" % e, file=sys.stderr)

    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    raw.sendto(syn(silent, local, SYN_PORT, LISTEN_PORT), (local, 0))
    deadline = time.monotonic() + 5
    while "03" not in states():
        if time.monotonic() > deadline:
            sys.exit("fixture: no SYN_RECV row appeared")
        time.sleep(0.05)

    print("READY", flush=True)
    time.sleep(LIFETIME)


main()
