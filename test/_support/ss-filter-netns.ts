/**
 * The namespace the `--filter` parity suites compare in: the socket parity fixture
 * (scripts/sockets-fixture.py), plus listeners on service-named ports, sockets bound to a
 * device, and autobound connections to ten addresses of 203.0.113.0/24 held by the peer
 * namespace. The local port range is 50000-60999, so that the fixture's hand-bound 47xxx
 * ports are outside it: to the kernel (and so to ss) `autobound` also means "not bound by
 * hand", which no listing shows (see src/select/ss-filter.ts).
 */
import { startFixture, startUntilReady, FIXTURE_PYTHON } from "./fixture.ts";
import { createNetns, NET, type Netns } from "./netns.ts";
import { OURS, runIn } from "./run.ts";

/** The peer's addresses the main namespace connects to. */
export const PEER_ADDRESSES = Array.from({ length: 10 }, (_, i) => `203.0.113.${20 + i}`);

const PEER = [
  "import socket, time",
  "held = []",
  "for fam, addr in ((socket.AF_INET, '0.0.0.0'), (socket.AF_INET6, '::')):",
  "    for port in (443, 5432):",
  "        s = socket.socket(fam)",
  "        if fam == socket.AF_INET6: s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)",
  "        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((addr, port)); s.listen(64); held.append(s)",
  "print('READY', flush=True)",
  "time.sleep(600)",
].join("\n");

const MAIN = [
  "import socket, time",
  "held = []",
  "def listen(addr, port, fam=socket.AF_INET, dev=None):",
  "    s = socket.socket(fam)",
  "    if fam == socket.AF_INET6: s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)",
  "    if dev: s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, dev)",
  "    s.bind((addr, port)); s.listen(8); held.append(s)",
  `for port in (25, 143, 389, 587, 3306): listen('${NET.local4}', port)`,
  "listen('::1', 88, socket.AF_INET6)",
  "listen('0.0.0.0', 47600, dev=b'vp0')",
  "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b'lo')",
  "u.bind(('127.0.0.1', 47601)); held.append(u)",
  "for port in (162, 389): v = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); v.bind(('" + NET.local4 + "', port)); held.append(v)",
  `for i, addr in enumerate(${JSON.stringify(PEER_ADDRESSES)}):`,
  "    c = socket.socket(); c.connect((addr, 443 if i % 2 == 0 else 5432)); held.append(c)",
  `c6 = socket.socket(socket.AF_INET6); c6.connect(('${NET.peer6}', 443)); held.append(c6)`,
  "print('READY', flush=True)",
  "time.sleep(600)",
].join("\n");

async function must(argv: readonly string[]): Promise<void> {
  const proc = Bun.spawn([...argv], { stdout: "ignore", stderr: "pipe", stdin: "ignore" });
  const [code, err] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
  if (code !== 0) throw new Error(`Cannot run ${argv.join(" ")}: ${err.trim()}`);
}

/** Builds the namespace and its sockets. */
export async function createFilterNetns(prefix: string): Promise<Netns> {
  const ns = await createNetns(prefix);
  try {
    await must(["ip", "netns", "exec", ns.name, "sysctl", "-q", "-w", "net.ipv4.ip_local_port_range=50000 60999"]);
    for (const address of PEER_ADDRESSES) await must(["ip", "-n", ns.peer, "addr", "add", `${address}/24`, "dev", "vp1"]);
    await startUntilReady(ns, ["ip", "netns", "exec", ns.peer, FIXTURE_PYTHON, "-c", PEER], "the peer listeners");
    await startFixture(ns, "main");
    await startUntilReady(ns, ["ip", "netns", "exec", ns.name, FIXTURE_PYTHON, "-c", MAIN], "the filter sockets");
  } catch (e) {
    await ns.destroy();
    throw e;
  }
  return ns;
}

/** ss's state names as netstat's. */
const SS_STATE: Readonly<Record<string, string>> = {
  ESTAB: "ESTABLISHED", "SYN-SENT": "SYN_SENT", "SYN-RECV": "SYN_RECV", "FIN-WAIT-1": "FIN_WAIT1", "FIN-WAIT-2": "FIN_WAIT2",
  "TIME-WAIT": "TIME_WAIT", UNCONN: "CLOSE", "CLOSE-WAIT": "CLOSE_WAIT", "LAST-ACK": "LAST_ACK", LISTEN: "LISTEN", CLOSING: "CLOSING",
};

/** `ADDR:PORT` as ss writes it (`[v6]`, `*`, `%dev`) as `ADDR PORT` in netstat's numeric terms. */
function ssEndpoint(text: string): string {
  const colon = text.lastIndexOf(":");
  let address = text.slice(0, colon).replace(/%[^\]]*$/, "");
  const port = text.slice(colon + 1);
  if (address.startsWith("[")) address = address.slice(1, -1);
  if (address === "*") address = "::";
  return `${address} ${port === "*" ? "0" : port}`;
}

/** The kernel's numbers of the states a raw socket shows (netstat prints the number). */
const RAW_STATE: Readonly<Record<string, string>> = { "7": "CLOSE", "1": "ESTABLISHED" };

export interface Rows {
  readonly code: number;
  readonly rows: readonly string[];
  readonly stderr: string;
}

const STATE_WORDS = new Set(["state", "exclude", "excl"]);

/** ss's words for an expression: split at blanks, with `state UNKNOWN` (no socket's state) after its state words, so that ss keeps its State column. */
function ssArgs(expression: string): string[] {
  const words = expression.split(" ").filter((w) => w !== "");
  let i = 0;
  while (i < words.length && STATE_WORDS.has(words[i]!)) i += 2;
  return i === 0 ? words : [...words.slice(0, i), "state", "UNKNOWN", ...words.slice(i)];
}

/** The sockets `ss -tuwanH EXPR` lists, as sorted `PROTO LOCAL PORT FOREIGN PORT STATE` rows. */
export async function ssRows(ns: Netns, expression: string): Promise<Rows> {
  const r = await runIn(ns.name, ["/usr/bin/ss", "-tuwanH", ...ssArgs(expression)], { argv0: "ss" });
  const rows = r.stdout
    .toString("latin1")
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 6)
    .map((f) => `${f[0]} ${ssEndpoint(f[4]!)} ${ssEndpoint(f[5]!)} ${SS_STATE[f[1]!] ?? f[1]}`);
  return { code: r.code, rows: rows.sort(), stderr: r.stderr.toString("latin1") };
}

interface JsonRow {
  readonly proto: string;
  readonly local_ip: string;
  readonly local_port_num: number;
  readonly foreign_ip: string;
  readonly foreign_port_num: number;
  readonly state: string | null;
}


/** The sockets `netstat-stream -tuwan --json --filter EXPR` lists, as ssRows writes them; UDP-Lite, which ss does not list, left out. */
export async function ourRows(ns: Netns, expression: string): Promise<Rows> {
  const r = await runIn(ns.name, [OURS, "-tuwan", "--json", "--filter", expression]);
  const rows = r.stdout
    .toString("latin1")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as JsonRow & { kind: string })
    .filter((rec) => rec.kind === "network" && !rec.proto.startsWith("udpl"))
    // netstat shows no state for an unconnected udp socket (the kernel's is CLOSE, ss's UNCONN), and a raw socket's by number.
    .map((rec) => `${rec.proto.replace(/6$/, "")} ${rec.local_ip} ${rec.local_port_num} ${rec.foreign_ip} ${rec.foreign_port_num} ${RAW_STATE[rec.state ?? "7"] ?? rec.state}`);
  return { code: r.code, rows: rows.sort(), stderr: r.stderr.toString("latin1") };
}

/** ss's rows and ours for an expression, run one after the other, once more if they differ (a socket may have closed in between). */
export async function bothRows(ns: Netns, expression: string): Promise<{ readonly ss: Rows; readonly ours: Rows }> {
  let ss = await ssRows(ns, expression);
  let ours = await ourRows(ns, expression);
  if (JSON.stringify(ss.rows) !== JSON.stringify(ours.rows)) {
    ss = await ssRows(ns, expression);
    ours = await ourRows(ns, expression);
  }
  return { ss, ours };
}
