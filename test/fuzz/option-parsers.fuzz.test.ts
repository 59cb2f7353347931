/**
 * Property tests over the option parsers (src/cli/getopt.ts and
 * src/cli/netstat-args.ts): any argv, including words that are not UTF-8,
 * control bytes and huge counts, gives either valid options or netstat's
 * exit text and status, never an exception.
 */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import * as v from "valibot";
import { OptionsSchema } from "../../src/model/options.ts";
import { getoptLong, type LongOption } from "../../src/cli/getopt.ts";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";
import { bytesText } from "./_arbitraries.ts";
import { FUZZ_TIMEOUT_MS, fuzzParams } from "./_config.ts";

const KNOWN_WORDS = [
  "-t", "-u", "-U", "-w", "-x", "-S", "-4", "-6", "-a", "-l", "-n", "-e", "-ee", "-o", "-p", "-W", "-T", "-v", "-c", "-Z",
  "-r", "-i", "-s", "-M", "-N", "-C", "-F", "-g", "-V", "-h", "-?", "-tulpn", "-A", "inet", "unix,inet6", "-Ainet", "--",
  "--tcp", "--udp", "--inet", "--inet6", "--unix", "--ip", "--protocol", "--protocol=inet", "--numeric", "--numeric-h",
  "--num", "--all", "--listening", "--programs", "--continuous", "--extend", "--wide", "--notrim", "--proc-root",
  "--proc-root=/proc", "--proc-root=", "--proc", "--version", "--help", "--tcpip", "--bluetooth", "--l2cap", "--rfcomm",
  "--x25", "--timers", "--verbose", "--context", "--groups", "-", "5", "0", "0.5", "1e9", "-1", "99999999999999999999", "",
  "--format", "prometheus", "--textfile", "/tmp/x.prom", "x.txt", "--metrics-ports", "80,443", "--metrics-max-series", "--metrics-help", "--watch",
];

/** Command-line words: netstat's own, fragments of them, and arbitrary bytes. */
const word = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KNOWN_WORDS) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom("-", "--", "--proc-root=", "-A"), fc.string({ maxLength: 12 })).map(([a, b]) => a + b) },
  { weight: 1, arbitrary: bytesText(30) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
);

const argv = fc.array(word, { maxLength: 10 });

describe("fuzz getoptLong", () => {
  const longopts: LongOption[] = [
    { name: "all", hasArg: "none", key: "a" },
    { name: "allow", hasArg: "none", key: "A2" },
    { name: "protocol", hasArg: "required", key: "A" },
    { name: "color", hasArg: "optional", key: "k" },
    { name: "proc-root", hasArg: "required", key: "proc-root", exactOnly: true },
  ];
  test(
    "getoptLong never throws, and every diagnostic is one line naming the program",
    () => {
      fc.assert(
        fc.property(argv, (args) => {
          const { items, operands } = getoptLong("prog", args, "aA:lk::", longopts);
          for (const item of items) {
            if (item.kind === "error") {
              expect(item.message.startsWith("prog: ")).toBe(true);
              expect(item.message.endsWith("\n")).toBe(true);
            } else {
              expect(item.key.length).toBeGreaterThan(0);
            }
          }
          // Every word is used once: as an option, an option's argument, or an operand.
          expect(operands.length).toBeLessThanOrEqual(args.length);
        }),
        fuzzParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe("fuzz parseNetstatArgs", () => {
  test(
    "parseNetstatArgs never throws and gives valid options or an exit with netstat's statuses",
    () => {
      fc.assert(
        fc.property(argv, fc.boolean(), (args, selinuxEnabled) => {
          const parsed = parseNetstatArgs("netstat-stream", args, { selinuxEnabled });
          if (parsed.kind === "run") {
            expect(v.safeParse(OptionsSchema, parsed.options).success).toBe(true);
          } else {
            expect([0, 1, 2, 3]).toContain(parsed.code);
            const text = parsed.stdout + parsed.stderr;
            expect(text.length).toBeGreaterThan(0);
            expect(text.endsWith("\n")).toBe(true);
          }
          expect(parsed.stderr === "" || parsed.stderr.endsWith("\n")).toBe(true);
        }),
        fuzzParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
