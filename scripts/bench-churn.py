#!/usr/bin/env python3
"""Short loopback TCP connections at a steady rate, for the --watch benchmark under churn.

Usage (inside a network namespace made by scripts/bench.ts):
    python3 scripts/bench-churn.py RATE SECONDS

Listens on 127.0.0.1 (a port the kernel picks), then opens RATE connections a second for SECONDS
seconds: each sends 100 bytes and closes; the server side reads until the peer's FIN and closes
too. Prints READY once listening and DONE at the end. Bounded: RATE * SECONDS connections.
"""
import socket
import sys
import threading
import time


def serve(listener):
    while True:
        try:
            a, _ = listener.accept()
        except OSError:
            return
        threading.Thread(target=drain, args=(a,), daemon=True).start()


def drain(s):
    try:
        while s.recv(4096):
            pass
    finally:
        s.close()


def main():
    rate, seconds = int(sys.argv[1]), int(sys.argv[2])
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1024)
    threading.Thread(target=serve, args=(listener,), daemon=True).start()
    print("READY", flush=True)
    start = time.monotonic()
    for k in range(rate * seconds):
        due = start + k / rate
        wait = due - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        c = socket.create_connection(listener.getsockname(), timeout=5)
        c.sendall(b"x" * 100)
        c.close()
    print("DONE", flush=True)


main()
