/** `--watch --closes`: one line per closed socket, aligned under a header in `--format table`; `--json` keeps only closes and gaps. */
import { describe, expect, test } from "bun:test";
import { from, lastValueFrom, toArray } from "rxjs";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";
import { finalStage } from "../../src/format/registry.ts";
import type { SocketEvent } from "../../src/model/event.ts";
import { record, type Item } from "../../src/model/pipeline.ts";
import type { NetworkRecord } from "../../src/model/record.ts";
import { createSystemResolver } from "../../src/resolve/databases.ts";

const conn: NetworkRecord = {
  kind: "network", proto: "tcp", recv_q: 0, send_q: 0,
  local_address: "203.0.113.1", local_port: "4500", local_port_num: 4500,
  foreign_address: "203.0.113.2", foreign_port: "52324", foreign_port_num: 52324,
  state: "ESTABLISHED", user: "root", uid: 0, inode: 11, pid: 42, program_name: "srv",
  transport_protocol: "tcp", network_protocol: "ipv4", local_ip: "203.0.113.1", foreign_ip: "203.0.113.2", family: "inet", timer: null,
};

const EVENTS: readonly Item<SocketEvent>[] = [
  record<SocketEvent>({ event: "open", at: 1000, record: conn, existing: false }),
  record<SocketEvent>({ event: "close", at: 2500, record: conn, firstSeen: 1000, lastSeen: 2500, source: "kernel", counters: { bytes_received: 1001, bytes_acked: 7 } }),
  record<SocketEvent>({ event: "gap", at: 3000, lost: 4, cause: "kernel" }),
];

async function written(args: readonly string[]): Promise<string> {
  const parsed = parseNetstatArgs("netstat", args, { selinuxEnabled: false });
  if (parsed.kind !== "run") throw new Error(`Cannot parse ${args.join(" ")}: ${parsed.stderr}`);
  const ctx = { options: parsed.options, resolver: createSystemResolver(() => ""), colour: false, now: () => 0, pass: 1 };
  const out = await lastValueFrom(from(EVENTS).pipe(finalStage("closes", parsed.options.format)(ctx), toArray()));
  return out.map((w) => w.text).join("");
}

describe("the lifetimes view", () => {
  test("a line per close with its owner, ends, bytes and lifetime; the open says nothing; a gap is said", async () => {
    const lines = (await written(["--watch", "--closes", "-tn"])).split("\n").filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[0]!.split(/\s+/)).toEqual([new Date(2500).toISOString(), "tcp", "203.0.113.1:4500", "203.0.113.2:52324", "42/srv", "1001", "7", "1.500"]);
    expect(lines[1]).toContain("gap");
  });

  test("--format table puts a header over columns that line up", async () => {
    const [header, row] = (await written(["--watch", "--closes", "--format", "table", "-tn"])).split("\n");
    expect(header!.split(/\s{2,}|\s(?=[A-Z])/).filter(Boolean)[0]).toBe("Time");
    // Right-aligned counts end where their headers end.
    expect(row!.indexOf("1001") + 4).toBe(header!.indexOf("Rx B") + 4);
    expect(row!.indexOf("1.500") + 5).toBe(header!.length);
  });

  test("--json writes the close record and the gap, not the open", async () => {
    const lines = (await written(["--watch", "--closes", "--json", "-tn"])).split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l["event"] ?? l["kind"])).toEqual(["close", "gap"]);
    expect([lines[0]!["bytes_received"], lines[0]!["lifetime_ms"], lines[0]!["source"]]).toEqual([1001, 1500, "kernel"]);
  });
});
