#!/usr/bin/env python3
"""Socket and process churn for the race tests, bounded in count and time.

Usage (inside a namespace made by test/_support/netns.ts):
    ip netns exec NS python3 scripts/churn.py DIR SECONDS

Prints READY, then until SECONDS have passed (and at most MAX_ROUNDS rounds): opens a TCP
listener, connects to it, accepts, closes both ends (leaving TIME_WAIT rows); opens and closes
UDP and unix sockets; forks short-lived children that own sockets and exit. Exits by itself.
"""
import os
import socket
import sys
import time

MAX_ROUNDS = 20000
MAX_CHILDREN = 8
# Keeps the TIME_WAIT rows (60 s each) to a few thousand.
ROUND_PAUSE = 0.005


def round_once(directory, n):
    lst = socket.socket()
    lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lst.bind(("203.0.113.1", 0))
    lst.listen()
    c = socket.create_connection(lst.getsockname())
    a, _ = lst.accept()
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 0))
    path = os.path.join(directory, "churn-%d" % (n % 50))
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    x = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    x.bind(path)
    x.listen()
    for s in (c, a, lst, u, x):
        s.close()


def main():
    directory, seconds = sys.argv[1], float(sys.argv[2])
    print("READY", flush=True)
    end = time.monotonic() + seconds
    children = []
    n = 0
    while time.monotonic() < end and n < MAX_ROUNDS:
        round_once(directory, n)
        if n % 10 == 0 and len(children) < MAX_CHILDREN:
            pid = os.fork()
            if pid == 0:
                s = socket.socket()
                s.bind(("203.0.113.1", 0))
                s.listen()
                time.sleep(0.02)
                os._exit(0)
            children.append(pid)
        children = [p for p in children if os.waitpid(p, os.WNOHANG) == (0, 0)]
        n += 1
        time.sleep(ROUND_PAUSE)
    for p in children:
        os.waitpid(p, 0)


main()
