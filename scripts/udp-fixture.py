#!/usr/bin/env python3
"""UDP sockets beside the parity fixture's (scripts/sockets-fixture.py), for the socket-diag tests.

Usage (inside a namespace made by test/_support/netns.ts, after the parity fixture):
    ip netns exec NS python3 scripts/udp-fixture.py [BULK]

- a connected IPv4 socket holding corked bytes (MSG_MORE), so its send queue is not empty;
- an IPv6 socket with a datagram waiting in its receive queue;
- a dual-stack IPv6 socket connected to a v4-mapped address;
- SO_REUSEPORT groups of four on one IPv4 and one IPv6 port (one hash chain each);
- BULK (default 0) bound sockets per family on ports the kernel picks, a third of them
  connected: enough of them make a dump take several batches.
Prints READY once in place, then sleeps until killed (at most LIFETIME seconds).
"""
import socket
import sys
import time

LIFETIME = 300
CORKED, QUEUED6, MAPPED, GROUP4, GROUP6 = 47501, 47502, 47503, 47504, 47505
keep = []  # every socket lives until the process dies


def dgram(family, bind, peer=None, v6only=True, reuseport=False):
    s = socket.socket(family, socket.SOCK_DGRAM)
    if family == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1 if v6only else 0)
    if reuseport:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    s.bind(bind)
    if peer is not None:
        s.connect(peer)
    keep.append(s)
    return s


def main():
    if len(sys.argv) > 2 or (len(sys.argv) == 2 and not sys.argv[1].isdigit()):
        sys.exit("usage: udp-fixture.py [BULK]")
    bulk = int(sys.argv[1]) if len(sys.argv) == 2 else 0

    corked = dgram(socket.AF_INET, ("127.0.0.1", CORKED), ("127.0.0.1", 9))
    corked.send(b"corked, never sent" * 8, socket.MSG_MORE)
    queued = dgram(socket.AF_INET6, ("::1", QUEUED6))
    dgram(socket.AF_INET6, ("::1", 0)).sendto(b"waiting", ("::1", QUEUED6))
    dgram(socket.AF_INET6, ("::", MAPPED), ("::ffff:127.0.0.1", CORKED), v6only=False)
    for _ in range(4):
        dgram(socket.AF_INET, ("127.0.0.1", GROUP4), reuseport=True)
        dgram(socket.AF_INET6, ("::", GROUP6), reuseport=True)
    for i in range(bulk):
        for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
            dgram(family, (host, 0), (host, 9) if i % 3 == 0 else None)

    # The datagram is in the queue once select says so (bounded wait).
    import select
    if not select.select([queued], [], [], 5.0)[0]:
        sys.exit("udp-fixture: the queued datagram did not arrive")
    print("READY", flush=True)
    time.sleep(LIFETIME)


if __name__ == "__main__":
    main()
