/**
 * Never-throws properties for the --filter parser (src/select/ss-filter-parse.ts) and its
 * evaluator: any text, from keyword soup to random bytes, is either a filter or an
 * SsFilterError with one sentence, and any filter runs over any socket without throwing.
 */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { messageSafe } from "../../src/format/terminal-safe.ts";
import type { InetSocket } from "../../src/model/socket.ts";
import { parseSsFilter, SsFilterError, type SsParseContext } from "../../src/select/ss-filter-parse.ts";
import { ssFilterTest } from "../../src/select/ss-filter.ts";
import { bytesText } from "./_arbitraries.ts";
import { FUZZ_TIMEOUT_MS, fuzzParams } from "./_config.ts";

const WORDS = [
  "state", "exclude", "excl", "established", "listening", "all", "bucket", "src", "dst", "sport", "dport", "dev", "autobound",
  "fwmark", "cgroup", "and", "or", "not", "&&", "||", "!", "&", "|", "(", ")", "=", "==", "!=", ">", "<", ">=", "<=", "eq", "ne",
  "gt", "lt", "ge", "le", "geq", "leq", "neq", ":22", ":ssh", "*", "[::1]:443", "[::1", "127.0.0.1", "10/8", "10.8",
  "0x7f.1", "203.0.113.0/24", "1.2.3.4/255.255.0.0", "2001:db8::/32", "inet:", "inet6:*", "unix:*", "link:eth0", "netlink:",
  "vsock:1", "lo", "0", "-1", "4294967296", "localhost", "a\\ b", "\\", "",
];

const CONTEXT: SsParseContext = {
  servicePort: (name, proto) => (name === "ssh" ? 22 : name === "https" && proto === "tcp" ? 443 : undefined),
  hostAddresses: (name, family) => (name === "localhost" ? [family === "inet" ? new Uint8Array([127, 0, 0, 1]) : new Uint8Array(16)] : []),
  interfaceIndex: (name) => (name === "lo" ? 1 : undefined),
  protocols: { tcp: true, udp: true },
  family: undefined,
  ephemeral: () => [32768, 60999],
  rawDiag: () => false,
};

const SOCKET: InetSocket = {
  kind: "inet", proto: "tcp", label: "tcp6", family: "inet6", localAddress: "::ffff:127.0.0.1", localPort: 47001,
  remoteAddress: "2001:db8::2", remotePort: 443, state: 1, txQueue: 0, rxQueue: 0, timerActive: 0, timerTicks: 0,
  retransmits: 0, uid: 0, timeout: 0, inode: 1, iface: 1,
};

const text = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.constantFrom(...WORDS), { maxLength: 14 }).map((w) => w.join(" ")) },
  { weight: 2, arbitrary: fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 8 })), { maxLength: 10 }).map((w) => w.join(" ")) },
  { weight: 1, arbitrary: bytesText(60) },
);

describe("fuzz parseSsFilter", () => {
  test("any text is a filter that runs, or one sentence", () => {
    fc.assert(
      fc.property(text, (input) => {
        try {
          const filter = parseSsFilter(input, CONTEXT);
          expect(typeof ssFilterTest(filter)(SOCKET)).toBe("boolean");
        } catch (e) {
          if (!(e instanceof SsFilterError)) throw e;
          // The words are quoted as typed; the command line shows them through messageSafe.
          expect(messageSafe(e.message)).not.toContain("\n");
          expect(e.message.length).toBeGreaterThan(0);
        }
      }),
      fuzzParams(0.3),
    );
  }, FUZZ_TIMEOUT_MS);
});
