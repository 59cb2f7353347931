/**
 * The tcp_info decoder (src/proc/tcp-info.ts) and ss's -i line (src/format/tcp-info-text.ts) on
 * the destroy notifications captured by scripts/capture-destroy-fixtures.ts, against what
 * iproute2's `ss -E -i -e -n` printed for the very same notifications (fixtures/netlink/destroy.ss):
 * each TCP notification's line is one of ss's, byte for byte (each holds the socket's own ages
 * and counts); and the attribute walk's edge cases.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { tcpInfoLine } from "../../src/format/tcp-info-text.ts";
import { parseDestroyBatch } from "../../src/proc/sock-destroy.ts";
import { diagAttributes, INET_DIAG, tcpInfoField, tcpInfoOf } from "../../src/proc/tcp-info.ts";

const FIXTURES = resolve(import.meta.dir, "../../fixtures/netlink");
const SCENARIOS = ["tcp4", "tcp6", "tcp4-rst", "tcp6-rst"] as const;

/** ss's -i lines, each under a TCP close (ss spells some ends its own way, `*:PORT`, so lines are matched whole). */
function ssLines(): string[] {
  const lines = readFileSync(`${FIXTURES}/destroy.ss`, "latin1").split("\n");
  return lines.filter((line, i) => line.startsWith("\t") && lines[i - 1]?.startsWith("tcp ")).map((l) => l.trimEnd());
}

/** Each TCP notification's -i line, as ss -e prints it (option words first). */
function ourLines(scenario: string): string[] {
  const bytes = new Uint8Array(readFileSync(`${FIXTURES}/destroy-${scenario}.nl`));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found: string[] = [];
  for (let at = 0; at + 16 <= bytes.length; ) {
    const size = view.getUint32(at, true);
    if (size < 16) break;
    const [one] = parseDestroyBatch(bytes.subarray(at, at + size), size).destroyed;
    const info = tcpInfoOf(view, diagAttributes(view, at + 16, at + size).byType);
    if (one?.socket.proto === "tcp" && info !== undefined) found.push(tcpInfoLine(info, "CLOSE", true, true));
    at += (size + 3) & ~3;
  }
  return found;
}

describe("tcpInfoOf and tcpInfoLine against ss -E -i -e -n", () => {
  const theirs = ssLines();
  for (const scenario of SCENARIOS) {
    test(`the ${scenario} closes print ss's -i line`, () => {
      const ours = ourLines(scenario);
      expect(ours.length).toBeGreaterThan(0);
      for (const line of ours) expect(theirs).toContain(line);
    });
  }
  test("every TCP close ss printed a line for is one of ours", () => {
    expect(SCENARIOS.flatMap(ourLines).sort()).toEqual([...theirs].sort());
  });
});

describe("diagAttributes", () => {
  /** An inet_diag_msg (72 zero bytes) followed by attributes given as [type, payload bytes]. */
  function message(...attributes: readonly (readonly [number, readonly number[]])[]): DataView {
    const parts = attributes.map(([type, payload]) => {
      const length = 4 + payload.length;
      const bytes = new Uint8Array((length + 3) & ~3);
      new DataView(bytes.buffer).setUint16(0, length, true);
      new DataView(bytes.buffer).setUint16(2, type, true);
      bytes.set(payload, 4);
      return bytes;
    });
    const all = new Uint8Array(72 + parts.reduce((n, p) => n + p.length, 0));
    let at = 72;
    for (const p of parts) all.set(p, (at += p.length) - p.length);
    return new DataView(all.buffer);
  }
  test("diagAttributes finds each attribute's payload by type", () => {
    const view = message([INET_DIAG.CONG, [0x63, 0x75, 0x62, 0x69, 0x63, 0]], [INET_DIAG.PROTOCOL, [6]]);
    const found = diagAttributes(view, 0, view.byteLength);
    expect(found.byType.get(INET_DIAG.CONG)).toEqual({ at: 76, length: 6 });
    expect(found.byType.get(INET_DIAG.PROTOCOL)).toEqual({ at: 88, length: 1 });
  });
  test("diagAttributes stops at an attribute that overruns the message", () => {
    const view = message([INET_DIAG.PROTOCOL, [6]], [INET_DIAG.INFO, [1, 2, 3, 4]]);
    const found = diagAttributes(view, 0, view.byteLength - 2);
    expect([...found.byType.keys()]).toEqual([INET_DIAG.PROTOCOL]);
    expect(found.end).toBe(72 + 5);
  });
  test("tcpInfoField leaves out a field past an older kernel's shorter tcp_info", () => {
    const view = new DataView(new Uint8Array(104).buffer);
    view.setUint32(100, 7, true);
    expect(tcpInfoField(view, 0, 104, "total_retrans")).toBe(7);
    expect(tcpInfoField(view, 0, 104, "bytes_acked")).toBeUndefined();
  });
});
