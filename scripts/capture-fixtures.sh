#!/usr/bin/env bash
# Captures /proc/net socket tables from a private network namespace into
# fixtures/proc/live/net/, for parser tests. Run as root:
#   bash scripts/capture-fixtures.sh
# The namespace holds only sockets this script makes, on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
ns="nss-capture-$$"
out="fixtures/proc/live/net"
mkdir -p "$out"
ip netns add "$ns"
trap 'kill "$pid" 2>/dev/null || true; ip netns del "$ns" 2>/dev/null || true' EXIT
ip -n "$ns" link set lo up
ip netns exec "$ns" python3 - "$out" <<'PY' &
import os, socket, sys, time
keep = []
def tcp(fam, addr, port):
    s = socket.socket(fam, socket.SOCK_STREAM); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port)); s.listen(8); keep.append(s); return s
l4 = tcp(socket.AF_INET, "127.0.0.1", 8080)
l6 = tcp(socket.AF_INET6, "::1", 443)
tcp(socket.AF_INET, "0.0.0.0", 22)
for lst, fam, addr, port in ((l4, socket.AF_INET, "127.0.0.1", 8080), (l6, socket.AF_INET6, "::1", 443)):
    c = socket.create_connection((addr, port)); a, _ = lst.accept(); keep += [c, a]
    c.sendall(b"x" * 100)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 53)); keep.append(u)
u6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u6.bind(("::1", 5353)); u6.connect(("::1", 53)); keep.append(u6)
ul = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, 136); ul.bind(("127.0.0.1", 9999)); keep.append(ul)
ul6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM, 136); ul6.bind(("::1", 9998)); keep.append(ul6)
r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP); keep.append(r)
r6 = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6); keep.append(r6)
ux = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); ux.bind("\0netstat-stream-fixture"); ux.listen(1); keep.append(ux)
time.sleep(0.3)
for name in ("tcp", "tcp6", "udp", "udp6", "udplite", "udplite6", "raw", "raw6"):
    with open(f"/proc/net/{name}") as src, open(os.path.join(sys.argv[1], name), "w") as dst:
        dst.write(src.read())
with open("/proc/net/unix") as src, open(os.path.join(sys.argv[1], "unix"), "w") as dst:
    dst.write("".join(l for l in src if l.startswith("Num") or "netstat-stream-fixture" in l))
PY
pid=$!
wait "$pid"
echo "captured into $out"
