/**
 * Never-throws properties for the socket-diag decoder, for TCP and UDP tables (their rules
 * differ): random bytes, well-framed messages with random contents, and captured dumps with bytes
 * flipped, with and without a memo (the memo compares messages word by word, so odd sizes and
 * short tails are the risk). Each runs the CI's FUZZ_RUNS cases (10,000 with the fixed seed).
 */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createInetDiagMemo, createInetDiagReader, parseInetDiagBatch, type DiagLabel } from "../../src/proc/inet-diag.ts";
import { FUZZ_TIMEOUT_MS, fuzzParams } from "./_config.ts";

const captured = (file: string): Uint8Array => new Uint8Array(readFileSync(resolve(import.meta.dir, "../../fixtures/netlink", file)));
/** A captured dump per protocol, each decoded as its own table. */
const CAPTURED: readonly { readonly label: DiagLabel; readonly bytes: Uint8Array }[] = [
  { label: "tcp", bytes: captured("tcp.info.nl") },
  { label: "udp6", bytes: captured("udp6.nl") },
];
const label = fc.constantFrom<DiagLabel>("tcp", "tcp6", "udp", "udp6");

/** Decodes `bytes` as `label`'s table twice with one memo and once without; checks the shape of what comes back. */
function decodeAll(bytes: Uint8Array, label: DiagLabel): void {
  const memo = createInetDiagMemo();
  const plain = parseInetDiagBatch(createInetDiagReader(label), bytes, bytes.length);
  const first = parseInetDiagBatch(createInetDiagReader(label, memo), bytes, bytes.length);
  const again = parseInetDiagBatch(createInetDiagReader(label, memo), bytes, bytes.length);
  expect(first.records).toEqual(plain.records);
  expect(again.records).toEqual(plain.records);
  expect(plain.errno).toBeGreaterThanOrEqual(0);
  for (const s of plain.records) {
    expect(s.localPort).toBeLessThanOrEqual(0xffff);
    expect(s.remotePort).toBeLessThanOrEqual(0xffff);
    expect(s.state).toBeLessThanOrEqual(0xff);
    expect(Number.isInteger(s.timerTicks) && s.timerTicks >= 0).toBe(true);
    expect(Number.isInteger(s.cookie) && s.cookie! >= 0).toBe(true);
  }
}

/** One netlink message: a header whose length and type are random but plausible, then random bytes. */
const message = fc
  .tuple(
    fc.constantFrom(20, 20, 20, 2, 3, 0, 99),
    // Bodies of a socket message's size and more (72 bytes plus attributes) are the common case.
    fc.oneof({ weight: 1, arbitrary: fc.uint8Array({ maxLength: 72 }) }, { weight: 3, arbitrary: fc.uint8Array({ minLength: 72, maxLength: 200 }) }),
    fc.integer({ min: -8, max: 8 }),
  )
  .map(([type, body, skew]) => {
    const bytes = new Uint8Array(16 + body.length);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, Math.max(0, 16 + body.length + skew), true);
    view.setUint16(4, type, true);
    bytes.set(body, 16);
    return bytes;
  });

describe("parseInetDiagBatch never throws", () => {
  test(
    "on random bytes",
    () => fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), label, (bytes, l) => decodeAll(bytes, l)), fuzzParams()),
    FUZZ_TIMEOUT_MS,
  );

  test(
    "on well-framed messages with random contents and lengths",
    () =>
      fc.assert(
        fc.property(fc.array(message, { maxLength: 6 }), label, (messages, l) => {
          const all = new Uint8Array(messages.reduce((n, m) => n + m.length, 0));
          let at = 0;
          for (const m of messages) {
            all.set(m, at);
            at += m.length;
          }
          decodeAll(all, l);
        }),
        fuzzParams(),
      ),
    FUZZ_TIMEOUT_MS,
  );

  test(
    "on a captured dump with bytes changed and cut anywhere",
    () =>
      fc.assert(
        fc.property(fc.constantFrom(...CAPTURED), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }), fc.nat(), (dump, flips, cut) => {
          const bytes = dump.bytes.slice(0, 1 + (cut % dump.bytes.length));
          for (const [where, value] of flips) bytes[where % bytes.length] = value;
          decodeAll(bytes, dump.label);
        }),
        fuzzParams(0.5),
      ),
    FUZZ_TIMEOUT_MS,
  );
});
