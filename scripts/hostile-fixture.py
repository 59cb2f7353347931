#!/usr/bin/env python3
"""Sockets with hostile names, for the robustness tests.

Usage (inside a namespace made by test/_support/netns.ts, started with a hostile argv[0]):
    ip netns exec NS bash -c 'exec -a "$NAME" python3 scripts/hostile-fixture.py DIR PORT'

It listens on 203.0.113.1:PORT (TCP), binds a unix socket in DIR whose name holds escape bytes
and a newline followed by a forged /proc/net/unix row, and an abstract unix socket whose name
holds control bytes; then prints READY and sleeps until killed (at most LIFETIME seconds).
"""
import os
import socket
import sys
import time

LIFETIME = 300
FORGED = b"0000000000000000: 00000002 00000000 00010000 0001 01 424242 forged\x1b[2Jrow"

keep = []


def main():
    directory, port = sys.argv[1], int(sys.argv[2])
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    t.bind(("203.0.113.1", port))
    t.listen()
    keep.append(t)
    path = os.path.join(os.fsencode(directory), b"e\x1b[31m\x07\n" + FORGED)
    u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    u.bind(path)
    u.listen()
    keep.append(u)
    a = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    a.bind(b"\0hostile\x1b]0;title\x07\x7f\xff")
    a.listen()
    keep.append(a)
    print("READY", flush=True)
    time.sleep(LIFETIME)


main()
