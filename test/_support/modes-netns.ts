/**
 * The extra namespace furniture the non-socket parity suite needs, on top of createNetns:
 * an interface that is down, a 15-character interface name, an alias label, default,
 * gateway, host, reject and IPv6 routes, an /etc/networks name, and joined IPv4 and IPv6
 * multicast groups held by scripts/groups-fixture.py.
 */
import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Netns } from "./netns.ts";
import { REPO_ROOT, RUN_ENV } from "./run.ts";

const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

async function must(argv: readonly string[]): Promise<void> {
  const proc = Bun.spawn([...argv], { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
  try {
    const [err, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
    if (code !== 0) throw new Error(`Cannot run ${argv.join(" ")}: exit ${code}: ${err.trim()}`);
  } finally {
    clearTimeout(timer);
  }
}

/** The 15-character name that shows Debian netstat's zero-counter quirk. */
export const LONG_IFNAME = "vplongname15chr";

/** Adds links, addresses, routes and memberships to ns; resolves once the groups are joined. */
export async function furnishModes(ns: Netns): Promise<void> {
  const ip = (...a: string[]): Promise<void> => must(["ip", "-n", ns.name, ...a]);
  // A veth pair left down (both ends stay in the namespace) and one with a 15-character name, up.
  await ip("link", "add", "vd0", "type", "veth", "peer", "name", "vd1");
  await ip("link", "add", LONG_IFNAME, "type", "veth", "peer", "name", "vl1");
  await ip("link", "set", "vl1", "up");
  await ip("link", "set", LONG_IFNAME, "up");
  await ip("addr", "add", "198.51.100.1/28", "dev", LONG_IFNAME);
  await ip("addr", "add", "203.0.113.5/24", "dev", "vp0", "label", "vp0:1");
  await ip("route", "add", "default", "via", "203.0.113.2");
  await ip("route", "add", "198.51.100.64/26", "via", "203.0.113.2", "metric", "7");
  await ip("route", "add", "203.0.113.77/32", "dev", "vp0");
  await ip("route", "add", "unreachable", "198.51.100.128/25");
  await ip("route", "add", "prohibit", "198.51.100.32/28");
  await ip("-6", "route", "add", "2001:db8:1::/48", "via", "2001:db8::2");
  await ip("-6", "route", "add", "unreachable", "2001:db8:dead::/48");
  await ip("-6", "route", "add", "2001:db8:2::1/128", "dev", "vp0", "metric", "5");
  writeFileSync(`/etc/netns/${ns.name}/networks`, "parity-net 198.51.100.64\nlink-local 169.254.0.0\n");
  const proc = Bun.spawn(["ip", "netns", "exec", ns.name, PYTHON, resolve(REPO_ROOT, "scripts", "groups-fixture.py"), "vp0"], {
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    env: { ...RUN_ENV },
  });
  ns.track(proc.pid);
  const reader = proc.stdout.getReader();
  const timeout = setTimeout(() => proc.kill("SIGKILL"), 10_000);
  try {
    const first = await reader.read();
    const line = new TextDecoder().decode(first.value ?? new Uint8Array());
    if (!line.startsWith("READY")) throw new Error(`Cannot join the multicast groups: ${await new Response(proc.stderr).text()}`);
  } finally {
    clearTimeout(timeout);
    reader.releaseLock();
  }
}
