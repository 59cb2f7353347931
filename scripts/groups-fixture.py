#!/usr/bin/env python3
"""Joins multicast groups for the `-g` parity suite and holds them until killed.

Usage: groups-fixture.py IFNAME
Joins 239.1.2.3 on IFNAME (IP_ADD_MEMBERSHIP) and ff15::1234 on IFNAME
(IPV6_JOIN_GROUP), prints READY, then sleeps (at most 10 minutes).
"""
import socket
import struct
import sys
import time

ifname = sys.argv[1]
index = socket.if_nametoindex(ifname)

v4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
mreqn = struct.pack("4s4si", socket.inet_aton("239.1.2.3"), socket.inet_aton("0.0.0.0"), index)
v4.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreqn)

v6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
mreq6 = socket.inet_pton(socket.AF_INET6, "ff15::1234") + struct.pack("@I", index)
v6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, mreq6)

print("READY", flush=True)
time.sleep(600)
