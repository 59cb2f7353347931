#!/usr/bin/env python3
"""TCP connections in a known pattern, for the --watch event-fidelity test.

Usage (inside a test namespace):
    tcp-churn.py server ADDR PORT      # listens, accepts, prints READY, holds accepted sockets
    tcp-churn.py client ADDR PORT FIRST_SRC_PORT COUNT STAGGER_MS LIFE_MS
        # connection k (0 <= k < COUNT) binds source port FIRST_SRC_PORT+k, opens at k*STAGGER_MS,
        # lives LIFE_MS, then closes with SO_LINGER 0 (an RST, so no TIME_WAIT is left behind).
        # Prints DONE when every connection is closed.
Both exit by themselves after LIFETIME seconds. Addresses are the test namespace's own.
"""
import socket
import struct
import sys
import threading
import time

LIFETIME = 120


def server(addr, port):
    l = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind((addr, port))
    l.listen(512)
    held = []

    def drain(s):
        try:
            while s.recv(4096):
                pass
        except OSError:
            pass
        s.close()

    def accept_loop():
        while True:
            s, _ = l.accept()
            held.append(s)
            threading.Thread(target=drain, args=(s,), daemon=True).start()

    threading.Thread(target=accept_loop, daemon=True).start()
    print("READY", flush=True)
    time.sleep(LIFETIME)


def client(addr, port, first, count, stagger_ms, life_ms):
    start = time.monotonic()
    opened = []  # (close_at, socket)
    k = 0
    deadline = start + LIFETIME
    while (k < count or opened) and time.monotonic() < deadline:
        now = time.monotonic()
        while k < count and now >= start + k * stagger_ms / 1000:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((addr, first + k))
            s.connect((addr, port))
            opened.append((time.monotonic() + life_ms / 1000, s))
            k += 1
        for item in [o for o in opened if o[0] <= now]:
            item[1].setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            item[1].close()
            opened.remove(item)
        time.sleep(0.005)
    print("DONE", flush=True)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "server":
        server(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 8 and sys.argv[1] == "client":
        client(sys.argv[2], int(sys.argv[3]), *(int(a) for a in sys.argv[4:]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
