/**
 * The `--json` records of sockets read over netlink against those of the same sockets read from
 * /proc: captured dumps and the /proc text read beside them (fixtures/netlink/, written by
 * scripts/capture-diag-fixtures.ts) give the same records, line for line, and the socket cookie
 * that only netlink gives appears in none.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ndjsonLine } from "../../src/format/ndjson.ts";
import { networkRecord, type RecordOptions } from "../../src/format/socket-record.ts";
import { noOwners } from "../../src/model/owner.ts";
import { createInetDiagReader, parseInetDiagBatch, type DiagLabel } from "../../src/proc/inet-diag.ts";
import { parseNetInet } from "../../src/proc/net-inet.ts";
import type { Names } from "../../src/resolve/names.ts";

const FIXTURES = resolve(import.meta.dir, "../../fixtures/netlink");
const names: Names = { host: () => undefined, network: () => undefined, service: () => undefined, user: () => undefined };
const options: RecordOptions = { numericHosts: true, numericPorts: true, numericUsers: true, symbolic: false, owners: true };

describe("networkRecord of netlink sockets", () => {
  const cases: readonly { readonly label: DiagLabel; readonly file: string }[] = [
    { label: "tcp", file: "tcp.info.nl" },
    { label: "tcp6", file: "tcp6.info.nl" },
    { label: "udp", file: "udp.nl" },
    { label: "udp6", file: "udp6.nl" },
  ];
  for (const { label, file } of cases) {
    test(`networkRecord gives ${file}'s sockets the records of /proc/net/${label}'s, with no cookie`, () => {
      const bytes = new Uint8Array(readFileSync(`${FIXTURES}/${file}`));
      const dumped = parseInetDiagBatch(createInetDiagReader(label), bytes, bytes.length).records;
      const fromProc = parseNetInet(readFileSync(`${FIXTURES}/${label}`, "latin1"), label).records;
      expect(dumped.length).toBe(fromProc.length);
      dumped.forEach((socket, i) => {
        expect(socket.cookie).toBeGreaterThan(0);
        // A TCP timer counts down between the two readings; the rest is the same socket.
        const same = { ...socket, timerTicks: fromProc[i]!.timerTicks };
        const line = ndjsonLine(networkRecord(same, options, names, noOwners));
        expect(line).toBe(ndjsonLine(networkRecord(fromProc[i]!, options, names, noOwners)));
        expect(line).not.toContain("cookie");
      });
    });
  }
});
