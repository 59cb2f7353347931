#!/usr/bin/env python3
"""Holds N loopback TCP connection pairs open for the benchmark.

Usage (inside a network namespace made by scripts/bench.ts):
    python3 scripts/bench-sockets.py N

The pairs are spread over worker processes of at most PER_WORKER pairs each, so that no process
needs more file descriptors than the usual hard limit; each worker listens on its own port of
127.0.0.1, connects its clients and accepts them. READY is printed once every worker is done;
all of them then sleep until stdin closes or LIFETIME seconds pass. Every loop is bounded by N.
"""
import os
import resource
import select
import socket
import sys

LIFETIME = 900
PER_WORKER = 7500
FIRST_PORT = 40000


def worker(index, pairs, ready_fd):
    want = 2 * pairs + 64
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", FIRST_PORT + index))
    listener.listen(4096)
    keep = []
    for _ in range(pairs):
        c = socket.create_connection(listener.getsockname())
        a, _ = listener.accept()
        keep.append(c)
        keep.append(a)
    os.write(ready_fd, b"x")
    os.close(ready_fd)
    select.select([sys.stdin], [], [], LIFETIME)


def main():
    n = int(sys.argv[1])
    if n < 0 or n > 100000:
        sys.exit("bench-sockets: N must be between 0 and 100000")
    workers = max(1, (n + PER_WORKER - 1) // PER_WORKER)
    read_fd, write_fd = os.pipe()
    children = []
    for i in range(workers):
        share = n // workers + (1 if i < n % workers else 0)
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            try:
                worker(i, share, write_fd)
            finally:
                os._exit(0)
        children.append(pid)
    os.close(write_fd)
    done = 0
    while done < workers:
        chunk = os.read(read_fd, workers)
        if not chunk:
            sys.exit("bench-sockets: a worker failed before it was ready")
        done += len(chunk)
    print("READY", flush=True)
    select.select([sys.stdin], [], [], LIFETIME)
    for pid in children:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass


if __name__ == "__main__":
    main()
