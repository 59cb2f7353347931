/**
 * Arguments that are not ASCII, in netstat's own messages: UTF-8 is echoed byte for byte as
 * netstat echoes it, and a byte that is not UTF-8 (or a control byte) as `.` where netstat
 * writes it raw (deliberate difference 2). Both programs fail while reading the command line,
 * before they read anything else, so no namespace is needed.
 */
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { OURS, REAL_NETSTAT, RUN_ENV } from "../_support/run.ts";

const why = !existsSync(REAL_NETSTAT) ? "it needs /usr/bin/netstat" : !existsSync(OURS) ? "it needs dist/netstat-stream (npm run build)" : "";
if (why !== "") console.warn(`parity/argument-bytes.test.ts SKIPPED: ${why}`);

/** Runs `program` as `netstat` with the words `printf` makes of `formats` (so any byte can be passed). */
function runAsNetstat(program: string, formats: readonly string[]): { stdout: string; stderr: string; code: number } {
  const r = Bun.spawnSync(
    ["bash", "-c", 'p="$1"; shift; args=(); for f in "$@"; do args+=("$(printf -- "$f")"); done; exec -a netstat "$p" "${args[@]}"', "bash", program, ...formats],
    { env: { ...RUN_ENV }, stdin: "ignore", timeout: 15_000 },
  );
  return { stdout: r.stdout.toString("latin1"), stderr: r.stderr.toString("latin1"), code: r.exitCode };
}

const firstLine = (text: string): string => text.slice(0, text.indexOf("\n") + 1);

describe.skipIf(why !== "")("non-ASCII arguments in netstat's messages", () => {
  const same = [
    { name: "an unknown -A family in UTF-8", formats: ["-A", "caf\\303\\251"] },
    { name: "an unknown --protocol family in UTF-8", formats: ["--protocol=\\303\\274n\\303\\257code"] },
    { name: "an unknown long option in UTF-8", formats: ["--caf\\303\\251"] },
    { name: "an unknown long option in Arabic digits", formats: ["--\\331\\250\\331\\240"] },
  ] as const;
  for (const c of same) {
    test(`${c.name} is echoed as netstat echoes it`, () => {
      const netstat = runAsNetstat(REAL_NETSTAT, c.formats);
      expect(netstat.code).not.toBe(0);
      const ours = runAsNetstat(OURS, c.formats);
      // The message line; the usage text after it names netstat-stream (deliberate difference 4).
      expect(firstLine(ours.stderr)).toBe(firstLine(netstat.stderr));
      expect(ours.code).toBe(netstat.code);
    });
  }

  const dotted = [
    { name: "a -A family holding a byte that is not UTF-8", formats: ["-A", "caf\\351"], raw: "caf\xe9" },
    { name: "a -A family holding an escape sequence", formats: ["-A", "\\033[31mred"], raw: "\x1b[31mred" },
  ] as const;
  for (const c of dotted) {
    test(`${c.name} is echoed with a dot where netstat writes the byte raw`, () => {
      const netstat = runAsNetstat(REAL_NETSTAT, c.formats);
      expect(netstat.stderr).toContain(c.raw);
      const ours = runAsNetstat(OURS, c.formats);
      expect(firstLine(ours.stderr)).toBe(firstLine(netstat.stderr).replaceAll(c.raw, c.raw.replace(/[^\x20-\x7e]/g, ".")));
      expect(ours.code).toBe(netstat.code);
    });
  }
});
