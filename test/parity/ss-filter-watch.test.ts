/**
 * `--filter` with `--watch`, in other formats and from outside the namespace, against ss 6.1
 * in the namespace of test/_support/ss-filter-netns.ts: a watch with --include-existing opens
 * what ss lists for the expression; a connection leaving the expression's states is a `state`
 * event, then a `close`; the text and table formats list the sockets the JSON lists; and
 * `--netns NAME`, `--netns-pid` and `--all-netns` from outside list what ss lists inside.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { start, until } from "../_support/lines.ts";
import { netnsAvailable, type Netns } from "../_support/netns.ts";
import { OURS, runIn } from "../_support/run.ts";
import { createFilterNetns, ourRows, PEER_ADDRESSES, ssRows } from "../_support/ss-filter-netns.ts";

const available = await netnsAvailable();
if (!available.ok) console.warn(`parity/ss-filter-watch.test.ts SKIPPED: ${available.why}`);

type Json = Record<string, unknown>;
const key = (e: Json): string => `${String(e["proto"]).replace(/6$/, "")} ${e["local_ip"]} ${e["local_port_num"]} ${e["foreign_ip"]} ${e["foreign_port_num"]} ${e["state"]}`;

describe.skipIf(!available.ok)("--filter with --watch, every format and --netns, against ss", () => {
  let ns: Netns | undefined;
  const inNs = (...argv: string[]): string[] => ["ip", "netns", "exec", ns!.name, ...argv];

  beforeAll(async () => {
    ns = await createFilterNetns("nsfwatch");
  }, 60_000);
  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  test("a watch opens what ss lists, and a connection leaving the states is a state event, then a close", async () => {
    const expression = "state established dport = :443";
    const client = 48700;
    const go = `${ns!.dir}/go-filter`;
    const script = [
      "import os, socket, struct, sys, time",
      "peer, cport, go = sys.argv[1], int(sys.argv[2]), sys.argv[3]",
      "c = socket.socket(); c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); c.bind(('0.0.0.0', cport))",
      "print('READY', flush=True)",
      "for _ in range(300):",
      "    if os.path.exists(go): break",
      "    time.sleep(0.1)",
      "c.connect((peer, 443)); print('OPEN', flush=True); time.sleep(1.5)",
      "c.shutdown(socket.SHUT_WR); print('HALF', flush=True); time.sleep(1.5)",
      "c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0)); c.close()",
      "print('DONE', flush=True); time.sleep(1.0)",
    ].join("\n");
    const pair = start(inNs("python3", "-c", script, PEER_ADDRESSES[0]!, String(client), go));
    ns!.track(pair.proc.pid);
    await pair.waitFor("READY", 10_000);
    const theirs = (await ssRows(ns!, expression)).rows;
    const watcher = start(inNs(OURS, "--watch", "--json", "--include-existing", "--interval", "100ms", "-tn", "--filter", expression));
    ns!.track(watcher.proc.pid);
    await until(() => watcher.lines.length >= theirs.length, 30_000, "the existing sockets");
    await Bun.write(go, "");
    await pair.waitFor("DONE", 30_000);
    const mine = (): Json[] => watcher.lines.map((l) => JSON.parse(l) as Json).filter((e) => e["local_port_num"] === client);
    await until(() => mine().some((e) => e["event"] === "close"), 30_000, "the close of the connection");
    watcher.proc.kill("SIGINT");
    expect(await watcher.done).toBe(0);

    const events = watcher.lines.map((l) => JSON.parse(l) as Json);
    const existing = events.filter((e) => e["existing"] === true);
    expect(existing.map(key).sort()).toEqual([...theirs]);
    expect(theirs.length).toBeGreaterThan(3);
    // Nothing but the sockets of port 443 ever shows: the expression's port is applied before the diff.
    expect(events.every((e) => e["foreign_port_num"] === 443)).toBe(true);
    const own = mine();
    expect(own.map((e) => e["event"])).toEqual(["open", ...new Array(own.length - 2).fill("state"), "close"]);
    expect(own[0]!["state"]).toBe("ESTABLISHED");
    expect(own[1]!["previous_state"]).toBe("ESTABLISHED");
    expect(own.at(-1)!["foreign_ip"]).toBe(PEER_ADDRESSES[0]);
  }, 60_000);

  test("netstat's text and the table list the sockets the JSON lists", async () => {
    for (const expression of ["dst 203.0.113.0/24", "state listening src 203.0.113.1", "sport >= :47000 or dport = :443"]) {
      const json = (await ourRows(ns!, expression)).rows;
      // netstat's text writes an IPv4-mapped address as IPv4.
      const unmapped = (row: string): string => row.replaceAll("::ffff:", "");
      const endpoints = json.map((r) => unmapped(r.split(" ").slice(1, 5).join(" "))).sort();
      const text = await runIn(ns!.name, [OURS, "-tuwan", "--filter", expression]);
      const table = await runIn(ns!.name, [OURS, "-tuwan", "--format", "table", "--filter", expression]);
      const rows = (out: Buffer, local: number): string[] =>
        out
          .toString("latin1")
          .split("\n")
          .map((l) => l.trim().split(/\s+/))
          .filter((f) => /^(tcp|udp|raw)/.test(f[0] ?? "") && !/^udpl/.test(f[0]!))
          .map((f) => [f[local]!, f[local + 1]!].map((e) => unmapped(e.replace(/^\[(.*)\]:/, "$1:").replace(/:(\*|[0-9]+)$/, (_, p: string) => ` ${p === "*" ? 0 : p}`))).join(" "))
          .sort();
      expect(rows(text.stdout, 3)).toEqual(endpoints);
      expect(rows(table.stdout, 3)).toEqual(endpoints);
      expect(endpoints.length).toBeGreaterThan(0);
    }
  });

  test("--netns NAME, --netns-pid and --all-netns from outside list what ss lists inside", async () => {
    const pid = new TextDecoder().decode(Bun.spawnSync(["ip", "netns", "pids", ns!.name]).stdout).split(/\s+/)[0]!;
    const selectors = [["--netns", ns!.name], ["--netns-pid", pid], ["--all-netns"]];
    // No dev (/proc/PID/net names no interface); autobound with the namespace's own port range, read inside it.
    const cases = ["dst 203.0.113.0/24", "state established src inet6:*", "sport = :ssh or sport = :https", "exclude listening dst 0.0.0.0/0", "autobound", "autobound or sport = :22"];
    for (const [selector, expression] of selectors.flatMap((s) => cases.map((e) => [s, e] as const))) {
      const theirs = (await ssRows(ns!, expression)).rows;
      const r = Bun.spawnSync([OURS, ...selector, "-tuwan", "--json", "--filter", expression]);
      expect(r.exitCode).toBe(0);
      const ours = r.stdout
        .toString()
        .split("\n")
        .filter((l) => l.startsWith('{"kind":"network"'))
        .map((l) => JSON.parse(l) as Json)
        // --all-netns lists every namespace: the one compared is named in each record.
        .filter((e) => !String(e["proto"]).startsWith("udpl") && (e["netns_name"] === undefined || e["netns_name"] === ns!.name))
        .map((e) => key({ ...e, state: e["state"] ?? "CLOSE" }).replace(/ 7$/, " CLOSE").replace(/ 1$/, " ESTABLISHED"))
        .sort();
      expect(ours).toEqual([...theirs]);
    }
  });
});
