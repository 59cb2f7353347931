/**
 * `--watch` event fidelity in a private namespace: while the watcher polls every 200ms, a client
 * opens and closes 200 TCP connections in a known pattern (each living 7.5 intervals), and every
 * one of them (both ends) must show exactly one open and one close, with the right ports, pids and
 * order, while the untouched fixture sockets show nothing. A second watcher with
 * --include-existing must report every socket present at its start exactly once.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import Ajv from "ajv";
import { resolve } from "node:path";
import { startFixture } from "../_support/fixture.ts";
import { createNetns, netnsAvailable, NET, type Netns } from "../_support/netns.ts";
import { start, until } from "../_support/lines.ts";
import { OURS, REPO_ROOT, runIn } from "../_support/run.ts";

const avail = await netnsAvailable();
if (!avail.ok) console.warn(`json/watch.test.ts SKIPPED: ${avail.why}`);

const CHURN = resolve(REPO_ROOT, "scripts", "tcp-churn.py");
const SERVER_PORT = 47600;
const FIRST_SOURCE_PORT = 48000;
const COUNT = 200;
const STAGGER_MS = 40;
// Each connection lives 7.5 intervals: with -p a poll scans every /proc/PID/fd, which takes a while
// on a busy machine, and a tick that falls during a poll is skipped.
const LIFE_MS = 1500;
const INTERVAL_MS = 200;

type Json = Record<string, unknown>;

describe.skipIf(!avail.ok)("--watch event stream", () => {
  let ns: Netns | undefined;
  let validate: ReturnType<Ajv["compile"]> | undefined;
  const inNs = (...argv: string[]): string[] => ["ip", "netns", "exec", ns!.name, ...argv];

  beforeAll(async () => {
    ns = await createNetns("nswatch");
    await startFixture(ns, "main");
    const schema = await runIn(ns.name, [OURS, "--schema"]);
    validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(schema.stdout.toString("utf8")));
  }, 60_000);
  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  test(
    "--watch --json reports one open and one close for each of 200 connections and nothing else",
    async () => {
      const server = start(inNs("python3", CHURN, "server", NET.local4, String(SERVER_PORT)));
      ns!.track(server.proc.pid);
      await server.waitFor("READY", 10_000);
      // The sockets already there are reported first (--include-existing): the first line says
      // that the baseline was taken, however long a busy machine took to start the watcher.
      const watcher = start(inNs(OURS, "--watch", "--json", "--include-existing", "--interval", `${INTERVAL_MS}ms`, "-t", "-p"));
      ns!.track(watcher.proc.pid);
      await until(() => watcher.lines.length > 0, 30_000, "the watcher's first line");
      const client = start(
        inNs("python3", CHURN, "client", NET.local4, String(SERVER_PORT), String(FIRST_SOURCE_PORT), String(COUNT), String(STAGGER_MS), String(LIFE_MS)),
      );
      ns!.track(client.proc.pid);
      await client.waitFor("DONE", 60_000);
      const patternCloses = (): number =>
        watcher.lines
          .map((l) => JSON.parse(l) as Json)
          .filter((e) => e["event"] === "close" && (e["local_port_num"] === SERVER_PORT || e["foreign_port_num"] === SERVER_PORT)).length;
      // Let the last closes be seen (a missing one is reported below, by port).
      await until(() => patternCloses() >= 2 * COUNT, 30_000, "the last closes").catch(() => undefined);
      watcher.proc.kill("SIGINT");
      expect(await watcher.done).toBe(0);
      server.proc.kill("SIGKILL");

      const all = watcher.lines.map((l) => JSON.parse(l) as Json);
      expect(all.flatMap((e) => (validate!(e) ? [] : [JSON.stringify(validate!.errors)]))).toEqual([]);
      const existing = all.filter((e) => e["existing"] === true);
      expect(existing.length).toBeGreaterThan(0);
      expect(existing.filter((e) => e["event"] !== "open")).toEqual([]);
      const events = all.filter((e) => e["existing"] !== true);

      const byEnds = new Map<string, Json[]>();
      for (const e of events) {
        const key = `${e["local_port_num"]}>${e["foreign_port_num"]}`;
        byEnds.set(key, [...(byEnds.get(key) ?? []), e]);
      }
      // Nothing but the 2 x 200 pattern sockets: the fixture's sockets and the listener are untouched.
      expect([...byEnds.entries()].filter(([k]) => !k.includes(String(SERVER_PORT))).map(([, e]) => e)).toEqual([]);
      expect(byEnds.size).toBe(2 * COUNT);
      let ownerlessOpens = 0;
      let caughtStates = 0;
      const openTimes: string[] = [];
      for (let k = 0; k < COUNT; k++) {
        const port = FIRST_SOURCE_PORT + k;
        for (const [key, pid] of [
          [`${port}>${SERVER_PORT}`, client.proc.pid],
          [`${SERVER_PORT}>${port}`, server.proc.pid],
        ] as const) {
          const all = byEnds.get(key) ?? [];
          // A poll may catch the handshake (SYN_SENT/SYN_RECV -> ESTABLISHED) or, when a slow reader
          // holds a socket the RST is taking down, its CLOSE: both are true state events.
          const states = all.filter((e) => e["event"] === "state");
          caughtStates += states.length;
          for (const e of states) {
            expect([e["previous_state"], e["state"]]).toEqual(
              e["state"] === "CLOSE" ? ["ESTABLISHED", "CLOSE"] : [expect.stringMatching(/^SYN_(SENT|RECV)$/), "ESTABLISHED"],
            );
          }
          const seen = all.filter((e) => e["event"] !== "state");
          expect({ key, events: all.map((e) => e["event"]).filter((e) => e !== "state") }).toEqual({ key, events: ["open", "close"] });
          expect(all.indexOf(seen[0]!)).toBe(0);
          expect(all.indexOf(seen[1]!)).toBe(all.length - 1);
          const [open, close] = seen as [Json, Json];
          expect(String(open["ts"]) < String(close["ts"])).toBe(true);
          expect(close["pid"]).toBe(pid);
          expect(close["program_name"]).toBe("python3");
          // An accepted connection first seen in the listener's queue has no inode, hence no owner yet.
          if (open["pid"] === null && open["inode"] === 0) ownerlessOpens++;
          else expect(open["pid"]).toBe(pid);
          // A lower bound: never more than the time between the open and the close events.
          const between = Date.parse(String(close["ts"])) - Date.parse(String(open["ts"]));
          expect(close["lifetime_ms"] as number).toBeLessThanOrEqual(between);
          expect(close["first_seen"]).toBe(open["ts"]);
          if (pid === client.proc.pid) openTimes.push(String(open["ts"]));
        }
      }
      expect(ownerlessOpens).toBeLessThan(COUNT / 10);
      expect(caughtStates).toBeLessThan(COUNT / 10);
      // Connections opened in order are reported in order.
      expect(openTimes).toEqual([...openTimes].sort());
    },
    90_000,
  );

  test("--watch --include-existing reports every socket present at the start exactly once", async () => {
    const listing = await runIn(ns!.name, [OURS, "-a", "--json"]);
    const key = (r: Json): string =>
      r["kind"] === "socket" ? `unix ${r["inode"]}` : `${r["proto"]} ${r["local_ip"]}:${r["local_port_num"]} ${r["foreign_ip"]}:${r["foreign_port_num"]} ${r["inode"]}`;
    const before = listing.stdout.toString("utf8").trim().split("\n").map((l) => key(JSON.parse(l) as Json)).sort();
    const watcher = start(inNs(OURS, "--watch", "--json", "--include-existing", "--interval", "200ms"));
    ns!.track(watcher.proc.pid);
    await until(() => watcher.lines.length >= before.length, 30_000, `${before.length} existing sockets`);
    watcher.proc.kill("SIGTERM");
    expect(await watcher.done).toBe(0);
    const events = watcher.lines.map((l) => JSON.parse(l) as Json);
    expect(events.every((e) => e["event"] === "open" && e["existing"] === true)).toBe(true);
    expect(events.map(key).sort()).toEqual(before);
    expect(events.flatMap((e) => (validate!(e) ? [] : [JSON.stringify(validate!.errors)]))).toEqual([]);
  }, 30_000);

  test("--watch --state follows a connection through its states: leaving them is a state event, and the close counts its whole life", async () => {
    const [server, client] = [47610, 48610];
    const go = `${ns!.dir}/go-states`;
    // Connect once `go` exists; half-close from the client (FIN_WAIT2 / CLOSE_WAIT); then reset both ends.
    const script = [
      "import os, socket, struct, sys, time",
      "host, sport, cport, go = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]",
      "l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); l.bind((host, sport)); l.listen(1)",
      "c = socket.socket(); c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); c.bind((host, cport))",
      "print('READY', flush=True)",
      "for _ in range(300):",
      "    if os.path.exists(go): break",
      "    time.sleep(0.1)",
      "c.connect((host, sport)); a, _ = l.accept()",
      "print('OPEN', flush=True); time.sleep(1.5)",
      "c.shutdown(socket.SHUT_WR)",
      "print('HALF', flush=True); time.sleep(1.5)",
      "for s in (c, a): s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0)); s.close()",
      "print('DONE', flush=True); time.sleep(1.0)",
    ].join("\n");
    const pair = start(inNs("python3", "-c", script, NET.local4, String(server), String(client), go));
    ns!.track(pair.proc.pid);
    await pair.waitFor("READY", 10_000);
    // --include-existing reports the fixture's own ESTABLISHED and CLOSE_WAIT sockets: a first line means the baseline is done.
    const watch = (state: string) => start(inNs(OURS, "--watch", "--json", "--include-existing", "--interval", "100ms", "-tn", "--state", state));
    const watchers = [watch("established"), watch("close_wait")];
    for (const w of watchers) ns!.track(w.proc.pid);
    await until(() => watchers.every((w) => w.lines.length > 0), 30_000, "both watchers' first lines");
    await Bun.write(go, "");
    await pair.waitFor("DONE", 30_000);
    // Both ends are gone: the first watcher closes both, the second the server end it followed.
    const closes = (w: (typeof watchers)[number]): number => w.lines.filter((l) => l.includes('"event":"close"')).length;
    await until(() => closes(watchers[0]!) >= 2 && closes(watchers[1]!) >= 1, 30_000, "the closes of both ends");
    for (const w of watchers) w.proc.kill("SIGINT");
    expect(await Promise.all(watchers.map((w) => w.done))).toEqual([0, 0]);

    const ofEnd = (w: (typeof watchers)[number], local: number, foreign: number): Json[] =>
      w.lines.map((l) => JSON.parse(l) as Json).filter((e) => e["local_port_num"] === local && e["foreign_port_num"] === foreign);
    for (const e of watchers.flatMap((w) => w.lines)) expect(validate!(JSON.parse(e))).toBe(true);

    // --state established: each end opens, leaves ESTABLISHED as a state event (not a close), and closes once it is gone.
    for (const [local, foreign, left] of [[client, server, "FIN_WAIT2"], [server, client, "CLOSE_WAIT"]] as const) {
      const events = ofEnd(watchers[0]!, local, foreign);
      expect(events.map((e) => e["event"])).toEqual(["open", ...new Array(events.length - 2).fill("state"), "close"]);
      const [open, ...rest] = events as [Json, ...Json[]];
      const close = rest.pop()!;
      expect(open["state"]).toBe("ESTABLISHED");
      expect(rest.length).toBeGreaterThan(0);
      expect(rest[0]!["previous_state"]).toBe("ESTABLISHED");
      expect(rest.at(-1)!["state"]).toBe(left);
      expect(close["state"]).toBe(left);
      expect(close["first_seen"]).toBe(open["ts"]);
      // The socket was seen at the last state event's poll, so its life reaches at least that far.
      expect(close["lifetime_ms"] as number).toBeGreaterThanOrEqual(Date.parse(String(rest.at(-1)!["ts"])) - Date.parse(String(open["ts"])));
    }

    // --state close_wait: the server end enters CLOSE_WAIT as a state event; its life counts from its first sighting.
    expect(ofEnd(watchers[1]!, client, server)).toEqual([]);
    const entering = ofEnd(watchers[1]!, server, client);
    expect(entering.map((e) => [e["event"], e["state"], e["previous_state"] ?? null])).toEqual([
      ["state", "CLOSE_WAIT", "ESTABLISHED"],
      ["close", "CLOSE_WAIT", null],
    ]);
    const [enter, gone] = entering as [Json, Json];
    expect(Date.parse(String(gone["first_seen"]))).toBeLessThan(Date.parse(String(enter["ts"])));
    expect(gone["lifetime_ms"] as number).toBeGreaterThanOrEqual(Date.parse(String(enter["ts"])) - Date.parse(String(gone["first_seen"])));
  }, 60_000);

  test("--watch without --json prints one aligned line per event", async () => {
    const watcher = start(inNs(OURS, "--watch", "--include-existing", "--interval", "100ms", "-tn"));
    ns!.track(watcher.proc.pid);
    await until(() => watcher.lines.length > 10, 30_000, "more than 10 lines");
    watcher.proc.kill("SIGINT");
    expect(await watcher.done).toBe(0);
    expect(watcher.lines.length).toBeGreaterThan(10);
    for (const line of watcher.lines) {
      expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z open  tcp6? +\S+ +\S+ +[A-Z_0-9]+ +\(existing\)$/);
    }
    const stateColumn = new Set(watcher.lines.filter((l) => l.includes(" tcp  ")).map((l) => l.search(/ (LISTEN|ESTABLISHED|SYN_SENT|TIME_WAIT|FIN_WAIT2|CLOSE_WAIT) /)));
    expect(stateColumn.size).toBe(1);
  }, 30_000);
});
