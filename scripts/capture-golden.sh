#!/usr/bin/env bash
# Capture golden output of the real netstat for a captured /proc tree.
#
# Usage (as root):
#   scripts/capture-golden.sh TREE OUTDIR NAME [NETSTAT FLAGS...]
#     TREE    a directory laid out like /proc (TREE/net/tcp, TREE/net/unix, ...)
#     OUTDIR  receives NAME.stdout, NAME.stderr and NAME.code (exact bytes; code + newline)
#   e.g. scripts/capture-golden.sh fixtures/proc/basic fixtures/golden/basic tan -tan
#
# /usr/bin/netstat runs with argv[0] "netstat", LC_ALL=C, TREE bind-mounted over /proc in a
# private mount namespace, inside a fresh network namespace: it has no routes, so a DNS lookup
# fails at once and nothing leaves the machine. /etc/hosts is replaced by HOSTS (a file; default:
# only `127.0.0.1 localhost` and `::1 ip6-localhost`) so names do not depend on this machine.
# With LOOPBACK_UP=1 the namespace's lo is brought up first, for -i (interface ioctls answer for
# the namespace's own links). Nothing here is typed by hand: the files are what netstat printed.
set -euo pipefail

if [ "$#" -lt 3 ]; then
  sed -n '2,15p' "$0" >&2
  exit 2
fi
tree=$(realpath "$1")
outdir=$2
name=$3
shift 3
[ "$(id -u)" -eq 0 ] || { echo "capture-golden.sh: needs root (unshare -m -n, mount)" >&2; exit 1; }
[ -d "$tree/net" ] || { echo "capture-golden.sh: $tree has no net/ directory" >&2; exit 1; }

hosts=${HOSTS:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -z "$hosts" ]; then
  hosts=$tmp/hosts
  printf '127.0.0.1 localhost\n::1 ip6-localhost\n' >"$hosts"
fi
hosts=$(realpath "$hosts")
loopback=${LOOPBACK_UP:-}

mkdir -p "$outdir"
set +e
env -i LC_ALL=C PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/ \
  timeout 30 unshare -m -n --propagation private \
  bash -c '{ [ -z "$2" ] || ip link set lo up; } && mount --bind "$1" /etc/hosts && mount --bind "$0" /proc && exec -a netstat /usr/bin/netstat "${@:3}"' \
  "$tree" "$hosts" "$loopback" "$@" \
  >"$outdir/$name.stdout" 2>"$outdir/$name.stderr"
code=$?
set -e
printf '%s\n' "$code" >"$outdir/$name.code"
echo "capture-golden.sh: $outdir/$name.{stdout,stderr,code} (exit $code)" >&2
