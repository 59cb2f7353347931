/** The socket listing's items over in-memory proc trees: sections in netstat's order, batches, owners and diagnostics as data. */
import { describe, expect, test } from "bun:test";
import { lastValueFrom, toArray } from "rxjs";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";
import type { Item } from "../../src/model/pipeline.ts";
import { exitStatus } from "../../src/model/exit-status.ts";
import { INITIAL_GROUP_STATE } from "../../src/proc/net-igmp.ts";
import { socketListing$, type ListingRecord } from "../../src/pipeline/socket-listing.ts";
import { createSystemResolver } from "../../src/resolve/databases.ts";
import type { ProcRoot } from "../../src/sources/proc-root.ts";
import { memoryProcRoot } from "../_support/memory-proc.ts";
import { tcpRows } from "../_support/synthetic-proc.ts";

async function itemsOf(args: readonly string[], root: ProcRoot): Promise<Item<ListingRecord>[]> {
  const parsed = parseNetstatArgs("netstat", args, { selinuxEnabled: false });
  if (parsed.kind !== "run") throw new Error(`Cannot parse ${args.join(" ")}`);
  const { options } = parsed;
  const listing = socketListing$({
    root,
    options,
    resolver: createSystemResolver(() => ""),
    euid: 0,
    userUid: undefined,
    groupState: { value: INITIAL_GROUP_STATE },
    numericSctp: true,
    records: false,
  });
  return lastValueFrom(listing.pipe(toArray()));
}

const shape = (items: readonly Item<ListingRecord>[]): string[] =>
  items.map((i) => (i.kind === "section" ? `section ${i.section}` : i.kind === "batch" ? `batch ${i.records.length}` : i.kind === "diagnostic" ? i.diagnostic.kind : i.kind === "record" ? i.record.kind : i.kind));

const diagnostics = (items: readonly Item<ListingRecord>[]) => items.flatMap((i) => (i.kind === "diagnostic" ? [i.diagnostic] : []));

describe("socketListing$", () => {
  test("a table's sockets come as one batch per chunk after the section start", async () => {
    const items = await itemsOf(["-tan"], memoryProcRoot({ "net/tcp": tcpRows(3) }));
    expect(shape(items)).toEqual(["section inet", "batch 3"]);
  });

  test("sections follow netstat's order: Internet, memberships, unix", async () => {
    const items = await itemsOf(["-tgxn"], memoryProcRoot({ "net/tcp": tcpRows(1), "net/igmp": "Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n", "net/unix": "Num       RefCount Protocol Flags    Type St Inode Path\n" }));
    expect(shape(items).filter((s) => s.startsWith("section"))).toEqual(["section inet", "section groups", "section unix"]);
  });

  test("a bogus line is a diagnostic with its file, line, reason and text", async () => {
    const items = await itemsOf(["-tan"], memoryProcRoot({ "net/tcp": `${tcpRows(1)}   1: junk\n` }));
    const [bogus] = diagnostics(items);
    expect(bogus).toMatchObject({ kind: "bogus-socket-line", reader: "tcp", line: 2, text: "   1: junk" });
    expect(exitStatus(diagnostics(items))).toBe(0);
  });

  test("a family asked for whose table is missing is said, then ends the listing with status 1", async () => {
    const items = await itemsOf(["-tan"], memoryProcRoot({}));
    expect(shape(items)).toEqual(["section inet", "no-support", "sockets-failed"]);
    expect(exitStatus(diagnostics(items))).toBe(1);
  });

  test("-p reads the owners once, before the first section", async () => {
    const items = await itemsOf(["-tanp", "-x"], memoryProcRoot({ "net/tcp": tcpRows(1), "net/unix": "Num       RefCount Protocol Flags    Type St Inode Path\n" }));
    expect(shape(items).filter((s) => s === "owners" || s.startsWith("section"))).toEqual(["owners", "section inet", "section unix"]);
  });

  test("the Bluetooth families netstat was built without fail the listing", async () => {
    const items = await itemsOf(["--bluetooth"], memoryProcRoot({}));
    expect(shape(items)).toEqual(["bluetooth-unsupported"]);
    expect(exitStatus(diagnostics(items))).toBe(1);
  });
});
