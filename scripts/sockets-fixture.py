#!/usr/bin/env python3
"""Deterministic socket set for the netstat parity tests.

Usage (inside a namespace made by test/_support/netns.ts):
    ip netns exec NS python3 scripts/sockets-fixture.py DIR            # the main set, as root
    ip netns exec NS setpriv --reuid=65534 --regid=65534 --clear-groups \
        python3 scripts/sockets-fixture.py DIR --role nobody           # a few sockets owned by nobody

It creates every socket with a fixed port, writes DIR/fixture-<role>.json (pid, ports), prints
READY on stdout and sleeps until killed. It exits by itself after LIFETIME seconds.
Addresses are documentation ranges only; the SYN_SENT targets have a permanent neighbour entry
with a MAC nobody owns, so nothing ever answers them.
"""
import errno
import json
import os
import socket
import sys
import time

LIFETIME = 600
SETTLE_TIMEOUT = 5.0

LOCAL4, LONG4, SILENT4 = "203.0.113.1", "203.0.113.10", "203.0.113.99"
LOCAL6, SILENT6 = "2001:db8::1", "2001:db8::99"

IPPROTO_UDPLITE = 136
SOL_RAW = 255
ICMP_FILTER = 1
ICMP6_FILTER = 1

keep = []  # every socket lives until the process dies


def tcp(family=socket.AF_INET, v6only=None):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if v6only is not None:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1 if v6only else 0)
    keep.append(s)
    return s


def listen(addr, port, family=socket.AF_INET, v6only=None):
    s = tcp(family, v6only)
    s.bind((addr, port))
    s.listen(16)
    return s


def connect(server, src, dst, family=socket.AF_INET, v6only=None):
    """Connects a client bound to src to dst and accepts it on server; returns (client, accepted)."""
    c = tcp(family, v6only)
    c.bind(src)
    c.connect(dst)
    a, _ = server.accept()
    keep.append(a)
    return c, a


def dgram(family, proto, bind=None, peer=None):
    s = socket.socket(family, socket.SOCK_DGRAM, proto)
    if family == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    if bind is not None:
        s.bind(bind)
    if peer is not None:
        s.connect(peer)
    keep.append(s)
    return s


def raw(family, proto, peer=None):
    s = socket.socket(family, socket.SOCK_RAW, proto)
    # Block every ICMP type so stray packets (ND, MLD, errors) never change Recv-Q.
    if family == socket.AF_INET and proto == socket.IPPROTO_ICMP:
        s.setsockopt(SOL_RAW, ICMP_FILTER, b"\xff\xff\xff\xff")
    if family == socket.AF_INET6 and proto == socket.IPPROTO_ICMPV6:
        s.setsockopt(socket.IPPROTO_ICMPV6, ICMP6_FILTER, b"\xff" * 32)
    if peer is not None:
        s.connect(peer)
    keep.append(s)
    return s


def unix(kind, path, listen_too=True):
    s = socket.socket(socket.AF_UNIX, kind)
    if path is not None:
        if not path.startswith("\0"):
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
        s.bind(path)
        if listen_too and kind != socket.SOCK_DGRAM:
            s.listen(8)
    keep.append(s)
    return s


def tcp_states():
    """Counts TCP states (hex codes) over /proc/net/tcp and tcp6."""
    seen = {}
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(name) as f:
            for line in f.readlines()[1:]:
                st = line.split()[3]
                seen[st] = seen.get(st, 0) + 1
    return seen


def wait_for_states(wanted):
    """Waits (bounded) until each TCP state in wanted has at least the given count."""
    deadline = time.monotonic() + SETTLE_TIMEOUT
    while time.monotonic() < deadline:
        seen = tcp_states()
        if all(seen.get(st, 0) >= n for st, n in wanted.items()):
            return
        time.sleep(0.05)
    sys.exit("fixture: TCP states did not settle: %r" % tcp_states())


def main_role(d):
    ports = {}
    # Listeners: named ports (ssh, http, http-alt, https, postgresql, zabbix-trapper), unnamed ones.
    listen("127.0.0.1", 22)
    listen("0.0.0.0", 80)
    listen("0.0.0.0", 8080)
    l4 = listen("127.0.0.1", 47001)
    llong = listen(LONG4, 10051)
    lloc = listen(LOCAL4, 47002)
    listen("::1", 443, socket.AF_INET6, v6only=True)
    listen(LOCAL6, 5432, socket.AF_INET6, v6only=True)
    l6 = listen("::1", 47004, socket.AF_INET6, v6only=True)
    ldual = listen("::", 47003, socket.AF_INET6, v6only=False)
    ports["tcp_listen"] = [22, 80, 8080, 47001, 10051, 47002, 443, 5432, 47004, 47003]

    # ESTABLISHED: v4 with 1234 unread bytes at the client, v6, long names, v4-mapped, keepalive.
    c, a = connect(l4, ("127.0.0.1", 47101), ("127.0.0.1", 47001))
    a.sendall(b"x" * 1234)
    connect(l6, ("::1", 47102), ("::1", 47004), socket.AF_INET6, v6only=True)
    connect(llong, (LOCAL4, 47106), (LONG4, 10051))
    connect(lloc, (LONG4, 47107), (LOCAL4, 47002))
    connect(ldual, ("::", 47103), ("::ffff:127.0.0.1", 47003), socket.AF_INET6, v6only=False)
    ka = tcp()
    ka.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    ka.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 7200)
    ka.bind(("127.0.0.1", 47108))
    ka.connect(("127.0.0.1", 47001))
    keep.append(l4.accept()[0])

    # TIME_WAIT: the client closes first, then the server.
    tw, twa = connect(l4, ("127.0.0.1", 47104), ("127.0.0.1", 47001))
    keep.remove(tw)
    keep.remove(twa)
    tw.close()
    time.sleep(0.05)
    twa.close()

    # FIN_WAIT2 / CLOSE_WAIT: the client shuts down its side, both stay open.
    fw, _ = connect(l4, ("127.0.0.1", 47105), ("127.0.0.1", 47001))
    fw.shutdown(socket.SHUT_WR)

    # SYN_SENT towards silent documentation neighbours (v4 and v6).
    for fam, src, dst in ((socket.AF_INET, (LOCAL4, 47109), (SILENT4, 80)),
                          (socket.AF_INET6, (LOCAL6, 47110), (SILENT6, 443))):
        s = tcp(fam, True if fam == socket.AF_INET6 else None)
        s.bind(src)
        s.setblocking(False)
        err = s.connect_ex(dst)
        if err != errno.EINPROGRESS:
            sys.exit("fixture: SYN_SENT connect gave errno %d" % err)

    # UDP: bound (domain, ntp, mdns, snmp), connected v4/v6, one queued datagram.
    dgram(socket.AF_INET, 0, ("0.0.0.0", 53))
    dgram(socket.AF_INET, 0, ("127.0.0.1", 123))
    dgram(socket.AF_INET6, 0, ("::1", 5353))
    dgram(socket.AF_INET6, 0, ("::", 161))
    u4 = dgram(socket.AF_INET, 0, ("127.0.0.1", 47201), ("127.0.0.1", 53))
    dgram(socket.AF_INET6, 0, ("::1", 47202), ("::1", 5353))
    dgram(socket.AF_INET, 0, (LOCAL4, 47203), (LONG4, 47204))
    u4.send(b"hello")

    # UDP-Lite v4 and v6, one connected.
    dgram(socket.AF_INET, IPPROTO_UDPLITE, ("127.0.0.1", 47301))
    dgram(socket.AF_INET6, IPPROTO_UDPLITE, ("::1", 47302))
    dgram(socket.AF_INET, IPPROTO_UDPLITE, ("127.0.0.1", 47303), ("127.0.0.1", 47301))

    # Raw: ICMP, protocol 255, ICMP connected, ICMPv6.
    raw(socket.AF_INET, socket.IPPROTO_ICMP)
    raw(socket.AF_INET, 255)
    raw(socket.AF_INET, socket.IPPROTO_ICMP, ("127.0.0.1", 0))
    raw(socket.AF_INET6, socket.IPPROTO_ICMPV6)

    # Unix: stream listener + connected pair, socketpair, dgram, seqpacket, abstract names,
    # a long path, a path with a space, and an embryonic (never accepted) connection.
    us = unix(socket.SOCK_STREAM, os.path.join(d, "stream.sock"))
    uc = unix(socket.SOCK_STREAM, None)
    uc.connect(os.path.join(d, "stream.sock"))
    keep.append(us.accept()[0])
    keep.extend(socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM))
    unix(socket.SOCK_DGRAM, os.path.join(d, "dgram.sock"))
    unix(socket.SOCK_SEQPACKET, "\0netstat-parity-seqpacket")
    unix(socket.SOCK_STREAM, "\0netstat-parity-abstract")
    longdir = os.path.join(d, "a-directory-with-a-rather-long-name")
    os.makedirs(longdir, exist_ok=True)
    longpath = os.path.join(longdir, "and-a-long-socket-name-" + "x" * 20 + ".sock")
    if len(longpath) > 107:
        sys.exit("fixture: DIR is too long for the long unix path (%d)" % len(longpath))
    unix(socket.SOCK_STREAM, longpath)
    unix(socket.SOCK_STREAM, os.path.join(d, "with space.sock"))
    unix(socket.SOCK_STREAM, os.path.join(d, "embryo.sock"))
    emb = unix(socket.SOCK_STREAM, None)
    emb.connect(os.path.join(d, "embryo.sock"))

    # 01 ESTABLISHED, 02 SYN_SENT, 05 FIN_WAIT2, 06 TIME_WAIT, 08 CLOSE_WAIT, 0A LISTEN
    wait_for_states({"01": 12, "02": 2, "05": 1, "06": 1, "08": 1, "0A": 10})
    ports["unix_long_path"] = longpath
    return ports


def nobody_role(d):
    listen("127.0.0.1", 47401)
    dgram(socket.AF_INET, 0, ("0.0.0.0", 47402))
    unix(socket.SOCK_STREAM, os.path.join(d, "nobody.sock"))
    return {"tcp_listen": [47401], "udp": [47402]}


def main():
    if len(sys.argv) not in (2, 4) or (len(sys.argv) == 4 and sys.argv[2] != "--role"):
        sys.exit("usage: sockets-fixture.py DIR [--role main|nobody]")
    d = sys.argv[1]
    role = sys.argv[3] if len(sys.argv) == 4 else "main"
    made = nobody_role(d) if role == "nobody" else main_role(d)
    with open(os.path.join(d, "fixture-%s.json" % role), "w") as f:
        json.dump({"pid": os.getpid(), "role": role, "made": made}, f)
    print("READY", flush=True)
    deadline = time.monotonic() + LIFETIME
    while time.monotonic() < deadline:
        time.sleep(min(5.0, max(0.0, deadline - time.monotonic())))


if __name__ == "__main__":
    main()
