import { expect, test } from "bun:test";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";
import { ProcReadError, type ProcRoot } from "../../src/sources/proc-root.ts";
import { socketTables } from "../../src/sources/snapshot.ts";
import { memoryProcRoot } from "../_support/memory-proc.ts";
import { tcpRows } from "../_support/synthetic-proc.ts";

function selection(...flags: string[]) {
  const parsed = parseNetstatArgs("netstat", flags, { selinuxEnabled: false });
  if (parsed.kind !== "run") throw new Error(`Cannot parse ${flags.join(" ")}`);
  return parsed.options.selection;
}

/** A root that records which files were read. */
function counted(root: ProcRoot, read: string[]): ProcRoot {
  return { ...root, readTable: (f, max) => (read.push(f), root.readTable(f, max)), readText: (f) => (read.push(f), root.readText(f)) };
}

const scope = { servers: true, connections: true };
const tcpOnly = memoryProcRoot({ "net/tcp": tcpRows(3) });

test("socketTables reads a table only when the iteration reaches it", () => {
  const read: string[] = [];
  const tables = socketTables(counted(tcpOnly, read), selection("-tu"), scope);
  expect(read).toEqual([]);
  const first = tables.next();
  expect(first.done).toBe(false);
  expect(read).toEqual(["net/tcp"]);
});

test("socketTables gives a table it cannot read as a reading with its error, and goes on", () => {
  const readings = [...socketTables(tcpOnly, selection("-tuU"), scope)];
  const tcp = readings[0]!;
  expect("parsed" in tcp && tcp.parsed.records.length).toBe(3);
  const rest = readings.slice(1);
  expect(rest.length).toBeGreaterThan(0);
  for (const r of rest) expect("error" in r && r.error instanceof ProcReadError && r.error.code).toBe("ENOENT");
  expect(rest.map((r) => [r.section, r.ipv6])).toContainEqual(["udp", true]);
  // netstat's bogus-line warning names UDP-Lite tables `udp`.
  expect(new Set(rest.filter((r) => r.section === "udplite").map((r) => r.bogusName))).toEqual(new Set(["udp"]));
});
