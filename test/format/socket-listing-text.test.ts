/** The socket listing's netstat text stage over hand-made items: headers, batches, owners, words. */
import { describe, expect, test } from "bun:test";
import { lastValueFrom, from, toArray } from "rxjs";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";
import { finalStage } from "../../src/format/registry.ts";
import type { FinalStage, StageContext } from "../../src/format/stages.ts";
import type { AttributionContext } from "../../src/sources/attribution.ts";
import { batch, diagnostic, record, section, type Item } from "../../src/model/pipeline.ts";
import type { ListingRecord } from "../../src/pipeline/socket-listing.ts";
import { parseNetInet } from "../../src/proc/net-inet.ts";
import { createSystemResolver } from "../../src/resolve/databases.ts";
import { tcpRows } from "../_support/synthetic-proc.ts";

function ctxOf(args: readonly string[]): StageContext {
  const parsed = parseNetstatArgs("netstat", args, { selinuxEnabled: false });
  if (parsed.kind !== "run") throw new Error(`Cannot parse ${args.join(" ")}`);
  return { options: parsed.options, resolver: createSystemResolver(() => ""), colour: false, now: () => 0, pass: 1 };
}

async function writtenOf(stage: FinalStage<ListingRecord>, args: readonly string[], items: readonly Item<ListingRecord>[]): Promise<string[]> {
  const written = await lastValueFrom(from(items).pipe(stage(ctxOf(args)), toArray()));
  return written.map((w) => `${w.stream}: ${w.text}`);
}

async function textOf(args: readonly string[], items: readonly Item<ListingRecord>[]): Promise<string[]> {
  const stage = finalStage("sockets", "text");
  const written = await lastValueFrom(from(items).pipe(stage(ctxOf(args)), toArray()));
  return written.map((w) => `${w.stream}: ${w.text}`);
}

const sockets = parseNetInet(tcpRows(2), "tcp").records;

/** Owners read from a process index that saw every process. */
const NO_HIDING = { index: { byInode: new Map(), permissionDenied: false, unreadable: false }, hidepid: undefined, euid: 0 } as unknown as AttributionContext;

describe("socket listing text", () => {
  test("a batch writes the rows its records write one by one, in one piece", async () => {
    const batched = await textOf(["-tn"], [section("inet"), batch<ListingRecord>(sockets)]);
    const single = await textOf(["-tn"], [section("inet"), ...sockets.map((s) => record<ListingRecord>(s))]);
    expect(batched).toHaveLength(2);
    expect(batched[0]).toStartWith("stdout: Active Internet connections (w/o servers)\n");
    expect(batched[1]).toBe(`stdout: ${single.slice(1).map((t) => t.slice("stdout: ".length)).join("")}`);
    expect(batched[1]!.split("\n")).toHaveLength(3);
  });

  test("rows show the owners of the last owners record", async () => {
    const owner = { pid: 42, program: "sshd" };
    const [, row] = await textOf(["-tnp"], [record<ListingRecord>({ kind: "owners", lookup: () => owner, attribution: NO_HIDING }), section("inet"), batch<ListingRecord>(sockets.slice(0, 1))]);
    expect(row).toContain("42/sshd");
  });

  test("diagnostics keep netstat's words and stream", async () => {
    const words = await textOf(["-tn"], [diagnostic({ kind: "bogus-socket-line", reader: "tcp", file: "/proc/net/tcp", line: 3, reason: "r", text: "t" })]);
    expect(words).toEqual(["stderr: warning, got bogus tcp line.\n"]);
  });

  test("JSON writes each socket with the owners in force, -p's warning once, and memberships after the sockets", async () => {
    const owner = { pid: 42, program: "sshd" };
    const partial = diagnostic<ListingRecord>({ kind: "programs-partial", euid: 1000, extent: "partial" });
    const group = { kind: "group", family: "inet", device: "lo", users: 1, address: "224.0.0.1" } as const;
    const written = await writtenOf(finalStage("sockets", "json"), ["-tnp", "-g", "--json"], [
      partial,
      record<ListingRecord>({ kind: "owners", lookup: () => owner, attribution: NO_HIDING }),
      section("inet"),
      batch<ListingRecord>(sockets.slice(0, 1)),
      section("groups"),
      record<ListingRecord>(group),
      partial,
      section("unix"),
      batch<ListingRecord>(sockets.slice(1, 2)),
    ]);
    expect(written.filter((w) => w.startsWith("stderr"))).toHaveLength(1);
    const lines = written.filter((w) => w.startsWith("stdout")).map((w) => JSON.parse(w.slice("stdout: ".length)) as Record<string, unknown>);
    expect(lines.map((l) => [l["kind"], l["pid"] ?? null])).toEqual([
      ["network", 42],
      ["network", 42],
      ["group", null],
    ]);
  });

  test("a table is shown once its section starts, even when it stays empty", async () => {
    const [table] = await writtenOf(finalStage("sockets", "table"), ["-tn", "--format", "table"], [section("inet")]);
    expect(table).toStartWith("stdout: Proto");
  });
});
