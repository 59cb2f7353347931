/**
 * The option parser against the real netstat: random command lines that end
 * in a parse-time exit (a usage error, -h, -V, -Z or a bad family), run by
 * both as `netstat`; stdout, stderr and status must match, after the one
 * documented difference for the name and version text (difference 4).
 * Options netstat lacks (ours, and -T/-I) are left out: they differ by design.
 */
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import fc from "fast-check";
import { expectedNameAndVersion } from "../parity/_compare.ts";
import { OURS, REAL_NETSTAT, RUN_ENV } from "../_support/run.ts";
import { FUZZ_TIMEOUT_MS, fuzzParams } from "./_config.ts";

const available = existsSync(REAL_NETSTAT) && existsSync(OURS);
if (!available) console.warn(`fuzz/option-parity SKIPPED: needs ${REAL_NETSTAT} and ${OURS}`);

const SHORT = "CFMacdeghilnNoprsStuUvWw2fx64".split("");
const LONG = [
  "--tcp", "--udp", "--udplite", "--raw", "--unix", "--all", "--listening", "--numeric", "--numeric-hosts",
  "--numeric-ports", "--numeric-users", "--extend", "--programs", "--timers", "--wide", "--verbose", "--route",
  "--interfaces", "--groups", "--statistics", "--masquerade", "--inet", "--inet6", "--ip", "--ax25", "--prog",
  "--num", "--in", "--i", "--tcp=1", "--cont", "--sym", "--cache", "--fib", "--protocol=inet6", "--tcpip",
];
const FAMILIES = ["inet", "inet6", "unix", "inet,unix", "foo", "", "ip6,ipx", "appletalk", "inet,bogus"];
// Each of these ends the run while options are read, so nothing is listed.
const ENDINGS = [["-X"], ["--bogus"], ["--num"], ["-A"], ["--protocol"], ["-?"], ["-h"], ["-V"], ["-Z"], ["-A", "nope"], ["--tcp=x"], ["-r", "-i"], ["-s", "-M"]];

const word = fc.oneof(
  fc.constantFrom(...LONG),
  fc.array(fc.constantFrom(...SHORT), { minLength: 1, maxLength: 5 }).map((cs) => `-${cs.join("")}`),
  fc.constantFrom(...FAMILIES).map((f) => `-A${f}`),
  fc.constantFrom("foo", "5", "-"),
);
const commandLine = fc
  .tuple(fc.array(word, { maxLength: 6 }), fc.constantFrom(...ENDINGS), fc.array(word, { maxLength: 2 }))
  .map(([before, ending, after]) => [...before, ...ending, ...after]);

function run(program: string, args: readonly string[]): { stdout: string; stderr: string; code: number } {
  const r = Bun.spawnSync(["bash", "-c", 'exec -a netstat "$0" "$@"', program, ...args], { env: { ...RUN_ENV }, stdin: "ignore" });
  return { stdout: r.stdout.toString("latin1"), stderr: r.stderr.toString("latin1"), code: r.exitCode ?? -1 };
}

describe.skipIf(!available)("option parsing against the real netstat", () => {
  test(
    "parseNetstatArgs ends every such command line exactly as netstat does",
    () => {
      fc.assert(
        fc.property(commandLine, (args) => {
          const real = run(REAL_NETSTAT, args);
          const ours = run(OURS, args);
          expect({ args, code: ours.code, stdout: ours.stdout, stderr: ours.stderr }).toEqual({
            args,
            code: real.code,
            stdout: expectedNameAndVersion(real.stdout),
            stderr: expectedNameAndVersion(real.stderr),
          });
        }),
        fuzzParams(0.03),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
