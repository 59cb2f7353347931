/**
 * Private network namespaces for the parity suites.
 *
 * `createNetns(prefix)` builds namespace NAME with `lo` up and a veth link to a peer namespace,
 * using documentation addresses only (203.0.113.0/24, 2001:db8::/64). Name lookups inside NAME
 * fail at once and send nothing: /etc/netns/NAME/resolv.conf names 198.51.100.53, which is routed
 * `unreachable` there, and /etc/netns/NAME/hosts holds the test names (`ip netns exec`
 * bind-mounts both over /etc).
 */
import { chmodSync, chownSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";

/** Addresses and names the fixture and the tests agree on. */
export const NET = {
  local4: "203.0.113.1",
  longName4: "203.0.113.10",
  peer4: "203.0.113.2",
  silent4: "203.0.113.99",
  local6: "2001:db8::1",
  peer6: "2001:db8::2",
  silent6: "2001:db8::99",
  dnsTrap: "198.51.100.53",
  // The silent neighbours get a permanent entry with a MAC nobody owns, so SYNs leave the veth
  // and are dropped by the peer: no ARP/ND failure, hence no ICMP error ending SYN_SENT early.
  silentMac: "02:00:5e:00:53:99",
} as const;

/** The hosts file of the namespace: loopback names plus test names, one of them long. */
export const HOSTS_FILE = [
  "127.0.0.1 localhost",
  "::1 ip6-localhost",
  `${NET.local4} parity-local.example`,
  `${NET.peer4} parity-peer.example`,
  `${NET.longName4} a-rather-long-host-name-for-truncation.example`,
  `${NET.silent4} silent-neighbour-with-a-long-name.example`,
  `${NET.local6} parity-local6.example`,
  "",
].join("\n");

/** A namespace pair made by createNetns; `destroy()` removes everything it made. */
export interface Netns {
  readonly name: string;
  readonly peer: string;
  /** Scratch directory (/tmp/NAME) for unix socket paths; removed with the namespace. */
  readonly dir: string;
  /** Remembers a process (started inside the namespace) for destroy() to kill. */
  track(pid: number): void;
  destroy(): Promise<void>;
}

interface Done {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

const STEP_TIMEOUT_MS = 10_000;

async function sh(argv: readonly string[]): Promise<Done> {
  const proc = Bun.spawn([...argv], { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const timer = setTimeout(() => proc.kill("SIGKILL"), STEP_TIMEOUT_MS);
  try {
    const [out, err, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    return { code, out, err };
  } finally {
    clearTimeout(timer);
  }
}

async function must(argv: readonly string[]): Promise<string> {
  const r = await sh(argv);
  if (r.code !== 0) throw new Error(`Cannot run ${argv.join(" ")}: exit ${r.code}: ${r.err.trim()}`);
  return r.out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function killAllIn(ns: string): Promise<void> {
  const r = await sh(["ip", "netns", "pids", ns]);
  for (const word of r.out.split(/\s+/)) {
    const pid = Number(word);
    if (Number.isInteger(pid) && pid > 1) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Gone already: nothing left to stop.
      }
    }
  }
}

/** The scratch directory createNetns makes for namespace ns (world-readable; nobody/ is nobody's). */
export function scratchDir(ns: string): string {
  return `/tmp/${ns}`;
}

async function removeNs(ns: string): Promise<void> {
  await killAllIn(ns);
  await sh(["ip", "netns", "del", ns]);
  rmSync(`/etc/netns/${ns}`, { recursive: true, force: true });
  rmSync(scratchDir(ns), { recursive: true, force: true });
}

/** True when this process can build namespaces: root and a working `ip netns`. */
export async function netnsAvailable(): Promise<{ ok: boolean; why: string }> {
  if ((process.geteuid?.() ?? -1) !== 0) return { ok: false, why: "not running as root" };
  try {
    const r = await sh(["ip", "netns", "list"]);
    if (r.code !== 0) return { ok: false, why: `ip netns list failed: ${r.err.trim()}` };
  } catch (e) {
    return { ok: false, why: `ip is not usable: ${(e as Error).message}` };
  }
  return { ok: true, why: "" };
}

/** Deletes namespaces named PREFIX-PID[-peer] whose PID is no longer running (crashed runs). */
export async function removeStale(prefix: string): Promise<void> {
  const list = await sh(["ip", "netns", "list"]);
  const re = new RegExp(`^(${prefix}-(\\d+)(?:-peer)?)\\b`);
  for (const line of list.out.split("\n")) {
    const m = re.exec(line.trim());
    if (m && !alive(Number(m[2]))) await removeNs(m[1]!);
  }
}

/** Builds NAME = PREFIX-PID and its peer; throws (after cleaning up) if any step fails. */
export async function createNetns(prefix: string): Promise<Netns> {
  await removeStale(prefix);
  const name = `${prefix}-${process.pid}`;
  const peer = `${name}-peer`;
  const pids = new Set<number>();
  const destroy = async (): Promise<void> => {
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already exited.
      }
    }
    await removeNs(name);
    await removeNs(peer);
  };
  try {
    // A leftover of this very pid (pid reuse) would make `ip netns add` fail.
    await removeNs(name);
    await removeNs(peer);
    await must(["ip", "netns", "add", name]);
    await must(["ip", "netns", "add", peer]);
    const inNs = (...a: string[]): Promise<string> => must(["ip", "-n", name, ...a]);
    const inPeer = (...a: string[]): Promise<string> => must(["ip", "-n", peer, ...a]);
    await inNs("link", "set", "lo", "up");
    await inPeer("link", "set", "lo", "up");
    await inNs("link", "add", "vp0", "type", "veth", "peer", "name", "vp1", "netns", peer);
    await inNs("addr", "add", `${NET.local4}/24`, "dev", "vp0");
    await inNs("addr", "add", `${NET.longName4}/32`, "dev", "vp0");
    await inNs("-6", "addr", "add", `${NET.local6}/64`, "dev", "vp0", "nodad");
    await inPeer("addr", "add", `${NET.peer4}/24`, "dev", "vp1");
    await inPeer("-6", "addr", "add", `${NET.peer6}/64`, "dev", "vp1", "nodad");
    await inNs("link", "set", "vp0", "up");
    await inPeer("link", "set", "vp1", "up");
    await inNs("neigh", "add", NET.silent4, "lladdr", NET.silentMac, "dev", "vp0", "nud", "permanent");
    await inNs("-6", "neigh", "add", NET.silent6, "lladdr", NET.silentMac, "dev", "vp0", "nud", "permanent");
    await inNs("route", "add", "unreachable", `${NET.dnsTrap}/32`);
    const etc = `/etc/netns/${name}`;
    if (!existsSync(etc)) mkdirSync(etc, { recursive: true });
    writeFileSync(`${etc}/resolv.conf`, `nameserver ${NET.dnsTrap}\noptions timeout:1 attempts:1\n`);
    writeFileSync(`${etc}/hosts`, HOSTS_FILE);
    // World-readable so that netstat run as nobody sees the same paths; nobody/ is its own.
    mkdirSync(`${scratchDir(name)}/nobody`, { recursive: true, mode: 0o755 });
    chmodSync(scratchDir(name), 0o755);
    chownSync(`${scratchDir(name)}/nobody`, 65534, 65534);
  } catch (e) {
    await destroy();
    throw e;
  }
  return {
    name,
    peer,
    dir: scratchDir(name),
    track(pid) {
      pids.add(pid);
    },
    destroy,
  };
}
