/**
 * Captures what ss 6.1 lists for each --filter expression of test/_support/ss-filter-cases.ts in
 * the namespace of test/_support/ss-filter-netns.ts, with every socket it lists, the interface
 * indexes, the services and hosts the expressions name, and the local port range, into
 * fixtures/ss-filter/captured.json, for the unit tests of the parser and evaluator. Nothing
 * in it is typed by hand. Run as root:
 *   bun run scripts/capture-ss-filter.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { rawDiagAvailable } from "../src/sources/sock-diag.ts";
import { HOSTS_FILE } from "../test/_support/netns.ts";
import { runIn } from "../test/_support/run.ts";
import { EXPRESSIONS, INVALID } from "../test/_support/ss-filter-cases.ts";
import { createFilterNetns } from "../test/_support/ss-filter-netns.ts";

const OUT = resolve(import.meta.dir, "../fixtures/ss-filter");

async function text(ns: string, argv: readonly string[]): Promise<{ readonly out: string; readonly code: number }> {
  const r = await runIn(ns, argv, { argv0: argv[0] === "/usr/bin/ss" ? "ss" : "ip" });
  return { out: r.stdout.toString("latin1"), code: r.code };
}

/** ss's rows as they are printed (netid, state, local, peer), the columns forced by `state UNKNOWN` as the parity test does. */
async function ssLines(ns: string, expression: string): Promise<{ readonly rows: string[]; readonly code: number }> {
  const words = expression.split(" ").filter((w) => w !== "");
  let i = 0;
  while (i < words.length && ["state", "exclude", "excl"].includes(words[i]!)) i += 2;
  const args = i === 0 ? words : [...words.slice(0, i), "state", "UNKNOWN", ...words.slice(i)];
  const r = await text(ns, ["/usr/bin/ss", "-tuwanH", ...args]);
  const rows = r.out.split("\n").map((l) => l.trim().split(/\s+/)).filter((f) => f.length >= 6).map((f) => [f[0], f[1], f[4], f[5]].join(" "));
  return { rows: rows.sort(), code: r.code };
}

const ns = await createFilterNetns("nsfcap");
try {
  const all = (await ssLines(ns.name, "")).rows;
  const cases = [];
  for (const expression of [...EXPRESSIONS, ...INVALID]) {
    const r = await ssLines(ns.name, expression);
    cases.push({ expression, code: r.code, rows: r.rows.map((row) => all.indexOf(row)) });
  }
  const links = (await text(ns.name, ["ip", "-o", "link"])).out;
  const interfaces = Object.fromEntries([...links.matchAll(/^([0-9]+): ([^:@]+)[:@]/gm)].map((m) => [m[2], Number(m[1])]));
  const names = new Set(EXPRESSIONS.join(" ").match(/:[a-z][a-z0-9-]*/g)?.map((w) => w.slice(1)) ?? []);
  const services: Record<string, Record<string, number>> = {};
  for (const name of names) {
    for (const proto of ["tcp", "udp"]) {
      const r = await text(ns.name, ["getent", "services", `${name}/${proto}`]);
      const port = /\s([0-9]+)\//.exec(r.out)?.[1];
      if (port !== undefined) (services[name] ??= {})[proto] = Number(port);
    }
  }
  const range = (await text(ns.name, ["cat", "/proc/sys/net/ipv4/ip_local_port_range"])).out.trim().split(/\s+/).map(Number);
  mkdirSync(OUT, { recursive: true });
  const captured = { ephemeral: range, rawDiag: rawDiagAvailable(), interfaces, services, hosts: HOSTS_FILE, sockets: all, cases };
  writeFileSync(`${OUT}/captured.json`, `${JSON.stringify(captured, null, 1)}\n`);
  console.log(`captured ${cases.length} expressions over ${all.length} sockets into ${OUT}/captured.json (${readFileSync(`${OUT}/captured.json`).length} bytes)`);
} finally {
  await ns.destroy();
}
