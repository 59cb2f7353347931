#!/usr/bin/env python3
"""A TCP listener that once tried to connect, made in a way that new kernels still allow.

Such a listener keeps the peer address of its attempt, and /proc/net/tcp shows a send queue on
its row (write_seq - snd_una), where a netlink (sock_diag) reply carries the backlog limit.

The obvious way, listen() after a connect() that a RST refused, is refused itself (EINVAL) by
newer kernels (6.18 does): a socket that has been through SYN_SENT and back cannot listen. This
one never sends a SYN:
- a blocker socket, bound with SO_REUSEADDR to the same address and port, holds a connection to
  a helper listener;
- the socket, bound likewise, first disconnects (connect(AF_UNSPEC): the kernel moves its send
  sequence 2 past the unacknowledged one, the send queue /proc shows);
- its connect() to the helper fails with EADDRNOTAVAIL (that 4-tuple is the blocker's) after the
  kernel has set the peer address, which stays, and the socket is still allowed to listen();
- the blocker, its accepted end and the helper close with a RST (SO_LINGER 0): nothing else is
  left behind, no TIME_WAIT.

Run as a script (as root, in a private network namespace with lo up) it only checks whether
this kernel allows it: prints "ok", or one sentence saying what the kernel refused.
"""
import ctypes
import errno
import socket
import struct
import sys

_libc = ctypes.CDLL(None, use_errno=True)


def _disconnect(sock):
    """connect(AF_UNSPEC), which Python's connect() cannot express."""
    unspec = struct.pack("HH12x", socket.AF_UNSPEC, 0)
    if _libc.connect(sock.fileno(), unspec, len(unspec)) != 0:
        raise OSError(ctypes.get_errno(), "connect(AF_UNSPEC) failed")


def _reset_close(sock):
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def listener_after_connect(address, port, helper_port, backlog=8):
    """The listening socket on address:port whose connect() to address:helper_port failed."""
    helper = socket.socket()
    helper.bind((address, helper_port))
    helper.listen(1)
    blocker = socket.socket()
    blocker.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    blocker.bind((address, port))
    blocker.connect((address, helper_port))
    accepted, _ = helper.accept()
    sock = socket.socket()
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((address, port))
        _disconnect(sock)
        err = sock.connect_ex((address, helper_port))
        if err != errno.EADDRNOTAVAIL:
            raise OSError(err, "the connect() meant to fail gave %s" % errno.errorcode.get(err, err))
        sock.listen(backlog)
    except OSError:
        sock.close()
        raise
    finally:
        _reset_close(blocker)
        _reset_close(accepted)
        helper.close()
    return sock


def main():
    try:
        listener_after_connect("127.0.0.1", 47990, 47991).close()
    except OSError as e:
        name = errno.errorcode.get(e.errno, str(e.errno))
        print("this kernel refuses a listener that once tried to connect (%s: %s)" % (name, e.strerror or e))
        return
    print("ok")


if __name__ == "__main__":
    main()
