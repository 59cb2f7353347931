/**
 * Never-throws properties for the destroy-notification decoder: random bytes, well-framed
 * messages with random attributes, and captured notifications with bytes flipped and cut. Every
 * property also checks that nothing past `length` is read: the same bytes followed by other
 * bytes decode the same. Each runs the CI's FUZZ_RUNS cases (10,000 with the fixed seed).
 */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseDestroyBatch } from "../../src/proc/sock-destroy.ts";
import { FUZZ_TIMEOUT_MS, fuzzParams } from "./_config.ts";

const FIXTURES = resolve(import.meta.dir, "../../fixtures/netlink");
const CAPTURED = new Uint8Array(
  Buffer.concat(["tcp4", "tcp6-rst", "udp6"].map((scenario) => readFileSync(`${FIXTURES}/destroy-${scenario}.nl`))),
);

/** Decodes `bytes[0, length)` alone and followed by `tail`; checks the two agree and the shape of what comes back. */
function decodeAll(bytes: Uint8Array, tail: Uint8Array): void {
  const alone = parseDestroyBatch(bytes, bytes.length);
  const longer = new Uint8Array(bytes.length + tail.length);
  longer.set(bytes);
  longer.set(tail, bytes.length);
  expect(parseDestroyBatch(longer, bytes.length)).toEqual(alone);
  expect(alone.errno).toBeGreaterThanOrEqual(0);
  // Each notification takes at least a header and an inet_diag_msg of the bytes.
  expect(alone.destroyed.length * (16 + 72)).toBeLessThanOrEqual(bytes.length);
  for (const d of alone.destroyed) {
    expect(Number.isInteger(d.cookie) && d.cookie >= 0 && d.cookie < 2 ** 64).toBe(true);
    expect(["tcp", "udp"]).toContain(d.socket.proto);
    expect(d.socket.localPort).toBeLessThanOrEqual(0xffff);
    expect(d.socket.remotePort).toBeLessThanOrEqual(0xffff);
    expect(d.socket.state).toBeLessThanOrEqual(0xff);
    if (d.counters !== undefined) expect(d.socket.proto).toBe("tcp");
    for (const value of Object.values(d.counters ?? {})) expect(value >= 0 && value < 2 ** 64).toBe(true);
  }
}

/** One attribute: a plausible type (the protocol and tcp_info among them), a random length and payload. */
const attribute = fc
  .tuple(fc.constantFrom(10, 10, 2, 2, 1, 14, 0), fc.uint8Array({ maxLength: 300 }), fc.constantFrom(6, 17, 6, 17, 0, 136), fc.integer({ min: -6, max: 6 }))
  .map(([type, payload, protocol, skew]) => {
    const body = type === 10 ? Uint8Array.of(protocol) : payload;
    const bytes = new Uint8Array((4 + body.length + 3) & ~3);
    const view = new DataView(bytes.buffer);
    view.setUint16(0, Math.max(0, 4 + body.length + skew), true);
    view.setUint16(2, type, true);
    bytes.set(body, 4);
    return bytes;
  });

/** One netlink message: a header of a random but plausible type, an inet_diag_msg of a random family, then attributes. */
const message = fc
  .tuple(
    fc.constantFrom(20, 20, 20, 2, 3, 99),
    fc.constantFrom(2, 10, 2, 10, 0, 1),
    fc.uint8Array({ minLength: 71, maxLength: 71 }),
    fc.array(attribute, { maxLength: 4 }),
    fc.integer({ min: -8, max: 8 }),
  )
  .map(([type, family, rest, attributes, skew]) => {
    const size = 16 + 72 + attributes.reduce((n, a) => n + a.length, 0);
    const bytes = new Uint8Array(size);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, Math.max(0, size + skew), true);
    view.setUint16(4, type, true);
    bytes[16] = family;
    bytes.set(rest, 17);
    attributes.reduce((at, a) => (bytes.set(a, at), at + a.length), 16 + 72);
    return bytes;
  });

const tail = fc.uint8Array({ minLength: 1, maxLength: 64 });

describe("parseDestroyBatch never throws and never reads past length", () => {
  test(
    "on random bytes",
    () => fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), tail, (bytes, rest) => decodeAll(bytes, rest)), fuzzParams()),
    FUZZ_TIMEOUT_MS,
  );

  test(
    "on well-framed messages with random attributes and lengths",
    () =>
      fc.assert(
        fc.property(fc.array(message, { maxLength: 5 }), tail, (messages, rest) => {
          const all = new Uint8Array(messages.reduce((n, m) => n + m.length, 0));
          messages.reduce((at, m) => (all.set(m, at), at + m.length), 0);
          decodeAll(all, rest);
        }),
        fuzzParams(),
      ),
    FUZZ_TIMEOUT_MS,
  );

  test(
    "on captured notifications with bytes changed and cut anywhere",
    () =>
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }), fc.nat(), tail, (flips, cut, rest) => {
          const bytes = CAPTURED.slice(0, 1 + (cut % CAPTURED.length));
          for (const [where, value] of flips) bytes[where % bytes.length] = value;
          decodeAll(bytes, rest);
        }),
        fuzzParams(0.5),
      ),
    FUZZ_TIMEOUT_MS,
  );
});
