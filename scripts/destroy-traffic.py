#!/usr/bin/env python3
"""Sockets that exchange known bytes and close, for the socket-destroy captures and tests.

Usage (inside a namespace made by test/_support/netns.ts, whose addresses it uses):
    destroy-traffic.py tcp4|tcp6        # one connection, both ends close (FIN), then its listener
    destroy-traffic.py tcp4-rst|tcp6-rst  # the same, but the client aborts (SO_LINGER 0: an RST);
                                        # the tcp6-rst client is not bound to its address
    destroy-traffic.py udp4|udp6        # a connected sender sends one datagram to a receiver; both close
    destroy-traffic.py many N M         # N short IPv4 connections, then M UDP senders to one receiver
Prints, as one JSON object, what it made: addresses, ports and the bytes each end sent. Every
socket is closed when it exits; every wait is bounded (TIMEOUT seconds).
"""
import json
import socket
import struct
import sys

TIMEOUT = 5
LOCAL4, OTHER4, LOCAL6 = "203.0.113.1", "203.0.113.10", "2001:db8::1"
# Clients that let connect() choose their address, which an abort then forgets.
UNBOUND = {"tcp6-rst"}
SIZES = {"tcp4": (1000, 300), "tcp6": (1234, 77), "tcp4-rst": (500, 40), "tcp6-rst": (654, 21), "udp4": (111,), "udp6": (222,)}


def end(sock):
    address, port = sock.getsockname()[:2]
    return {"address": address, "port": port}


def recv_exactly(sock, n):
    got = 0
    while got < n:
        chunk = sock.recv(n - got)
        if not chunk:
            raise RuntimeError("peer closed early")
        got += len(chunk)


def tcp(name):
    family, server_at, client_at = (socket.AF_INET6, LOCAL6, LOCAL6) if "6" in name else (socket.AF_INET, LOCAL4, OTHER4)
    sent_by_client, sent_by_server = SIZES[name]
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.settimeout(TIMEOUT)
    listener.bind((server_at, 0))
    listener.listen(8)
    client = socket.socket(family, socket.SOCK_STREAM)
    client.settimeout(TIMEOUT)
    if name not in UNBOUND:
        client.bind((client_at, 0))
    client.connect(listener.getsockname()[:2])
    server, _ = listener.accept()
    server.settimeout(TIMEOUT)
    client.sendall(b"c" * sent_by_client)
    recv_exactly(server, sent_by_client)
    server.sendall(b"s" * sent_by_server)
    recv_exactly(client, sent_by_server)
    known = {"scenario": name, "proto": "tcp", "family": "inet6" if "6" in name else "inet", "abort": name.endswith("-rst"), "bound": name not in UNBOUND,
             "listener": end(listener), "client": {**end(client), "sent": sent_by_client}, "server": {**end(server), "sent": sent_by_server}}
    if known["abort"]:
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()
        try:
            server.recv(1)
        except ConnectionResetError:
            pass
    else:
        client.close()
        if server.recv(1) != b"":
            raise RuntimeError("expected the client's FIN")
    server.close()
    listener.close()
    return known


def udp(name):
    family, at, sender_at = (socket.AF_INET6, LOCAL6, LOCAL6) if "6" in name else (socket.AF_INET, LOCAL4, OTHER4)
    (size,) = SIZES[name]
    receiver = socket.socket(family, socket.SOCK_DGRAM)
    receiver.settimeout(TIMEOUT)
    receiver.bind((at, 0))
    sender = socket.socket(family, socket.SOCK_DGRAM)
    sender.bind((sender_at, 0))
    sender.connect(receiver.getsockname()[:2])
    sender.send(b"u" * size)
    if len(receiver.recv(4096)) != size:
        raise RuntimeError("datagram cut")
    known = {"scenario": name, "proto": "udp", "family": "inet6" if "6" in name else "inet",
             "receiver": end(receiver), "sender": {**end(sender), "sent": size}}
    sender.close()
    receiver.close()
    return known


def many(n, m):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.settimeout(TIMEOUT)
    listener.bind((LOCAL4, 0))
    listener.listen(64)
    connections = []
    for k in range(n):
        client = socket.create_connection(listener.getsockname(), timeout=TIMEOUT)
        server, _ = listener.accept()
        server.settimeout(TIMEOUT)
        connections.append({"client": client.getsockname()[1], "server": listener.getsockname()[1], "sent": k + 1})
        client.sendall(b"m" * (k + 1))
        recv_exactly(server, k + 1)
        client.close()
        server.recv(1)
        server.close()
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind((LOCAL4, 0))
    senders = []
    for _ in range(m):
        sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sender.sendto(b"d", receiver.getsockname())
        senders.append(sender.getsockname()[1])
        sender.close()
    known = {"scenario": "many", "listener": end(listener), "tcp": connections, "receiver": end(receiver), "udp": senders}
    receiver.close()
    listener.close()
    return known


def main():
    name = sys.argv[1]
    if name == "many":
        print(json.dumps(many(int(sys.argv[2]), int(sys.argv[3]))))
    elif name.startswith("tcp"):
        print(json.dumps(tcp(name)))
    else:
        print(json.dumps(udp(name)))


main()
