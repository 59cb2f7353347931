#!/usr/bin/env bash
# Captures the /proc/net files behind -r, -i, -g and -s from a private network namespace into
# fixtures/proc/modes/net/, for parser tests. Run as root:
#   bash scripts/capture-mode-fixtures.sh
# The namespace uses documentation addresses only and is removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
ns="nss-modes-capture-$$"
out="fixtures/proc/modes/net"
mkdir -p "$out"
ip netns add "$ns"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; ip netns del "$ns" 2>/dev/null || true' EXIT
n() { ip -n "$ns" "$@"; }
n link set lo up
n link add vp0 type veth peer name vp1
n link add vd0 type veth peer name vd1
n addr add 203.0.113.1/24 dev vp0
n addr add 203.0.113.5/24 dev vp0 label vp0:1
n -6 addr add 2001:db8::1/64 dev vp0 nodad
n link set vp1 up
n link set vp0 up
n route add default via 203.0.113.2
n route add 198.51.100.64/26 via 203.0.113.2 metric 7
n route add 203.0.113.77/32 dev vp0
n route add unreachable 198.51.100.128/25
n -6 route add 2001:db8:1::/48 via 2001:db8::2
n -6 route add unreachable 2001:db8:dead::/48
ip netns exec "$ns" python3 scripts/groups-fixture.py vp0 > /dev/null &
pid=$!
sleep 1
for f in route ipv6_route rt_cache igmp igmp6 snmp snmp6 netstat dev if_inet6; do
  ip netns exec "$ns" cat "/proc/net/$f" > "$out/$f"
done
echo "captured into $out"
