/** The socket listing's netstat text stage over hand-made items: headers, batches, owners, words. */
import { describe, expect, test } from "bun:test";
import { lastValueFrom, from, toArray } from "rxjs";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";
import { stageOf } from "../../src/format/registry.ts";
import type { StageContext } from "../../src/format/stages.ts";
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

async function textOf(args: readonly string[], items: readonly Item<ListingRecord>[]): Promise<string[]> {
  const stage = stageOf("sockets", "text")!;
  const written = await lastValueFrom(from(items).pipe(stage(ctxOf(args)), toArray()));
  return written.map((w) => `${w.stream}: ${w.text}`);
}

const sockets = parseNetInet(tcpRows(2), "tcp").records;

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
    const [, row] = await textOf(["-tnp"], [record<ListingRecord>({ kind: "owners", lookup: () => owner }), section("inet"), batch<ListingRecord>(sockets.slice(0, 1))]);
    expect(row).toContain("42/sshd");
  });

  test("diagnostics keep netstat's words and stream", async () => {
    const words = await textOf(["-tn"], [diagnostic({ kind: "bogus-socket-line", reader: "tcp", file: "/proc/net/tcp", line: 3, reason: "r", text: "t" })]);
    expect(words).toEqual(["stderr: warning, got bogus tcp line.\n"]);
  });

  test("the record formats of the listing are not final stages yet", () => {
    expect(stageOf("sockets", "json")).toBeUndefined();
    expect(stageOf("sockets", "table")).toBeUndefined();
  });
});
