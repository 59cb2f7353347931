#!/usr/bin/env bash
# Captures the files behind --summary (net/sockstat, net/sockstat6, net/snmp) from two private
# network namespaces into fixtures/proc/summary/net/ (IPv4 and IPv6 sockets of every summary row:
# TCP listening, established and in TIME-WAIT, UDP, raw) and fixtures/proc/summary-v4/net/ (IPv4
# sockets only). Run as root:
#   bash scripts/capture-summary-fixtures.sh
# The namespaces use loopback and documentation addresses only and are removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
pids=()
made=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for n in "${made[@]}"; do ip netns del "$n" 2>/dev/null || true; done' EXIT

# capture NAME OUT V6: sockets in namespace NAME (IPv6 ones too when V6 is 1), files into OUT.
capture() {
  local ns=$1 out=$2 v6=$3
  ip netns add "$ns"
  made+=("$ns")
  ip -n "$ns" link set lo up
  mkdir -p "$out"
  ip netns exec "$ns" python3 - "$v6" > "$ns.ready" <<'PY' &
import socket, sys, time
v6 = sys.argv[1] == "1"
held = []
families = [(socket.AF_INET, "127.0.0.1")] + ([(socket.AF_INET6, "::1")] if v6 else [])
for family, host in families:
    s = socket.socket(family); s.bind((host, 0)); s.listen(8); held.append(s)
    port = s.getsockname()[1]
    for _ in range(2):
        c = socket.socket(family); c.connect((host, port)); held.extend([c, s.accept()[0]])
    # TIME-WAIT on the side that closes first.
    c = socket.socket(family); c.connect((host, port)); a = s.accept()[0]; c.close(); time.sleep(0.1); a.close()
    u = socket.socket(family, socket.SOCK_DGRAM); u.bind((host, 0)); held.append(u)
    held.append(socket.socket(family, socket.SOCK_RAW, socket.IPPROTO_ICMP if family == socket.AF_INET else socket.IPPROTO_ICMPV6))
time.sleep(0.3)
print("READY", flush=True)
time.sleep(60)
PY
  pids+=($!)
  for _ in $(seq 50); do grep -q READY "$ns.ready" 2>/dev/null && break; sleep 0.1; done
  rm -f "$ns.ready"
  for f in sockstat sockstat6 snmp; do ip netns exec "$ns" cat "/proc/net/$f" > "$out/$f"; done
}

capture "nss-summary-capture-$$" fixtures/proc/summary/net 1
capture "nss-summary4-capture-$$" fixtures/proc/summary-v4/net 0
echo "captured into fixtures/proc/summary and fixtures/proc/summary-v4"
