/**
 * getopt's diagnostics are netstat's: the first stderr line of a usage error is what the real
 * netstat 2.10 prints for the same words, read from it at test time.
 */
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";
import { REAL_NETSTAT, RUN_ENV } from "../_support/run.ts";

const cases: readonly (readonly string[])[] = [
  ["--t=1"],
  ["--=x"],
  ["--="],
  ["--t"],
  ["--nu=3"],
  ["--ve=1"],
  ["--i=x"],
  ["--numeric=3"],
  ["--bogus=1"],
  ["--protocol"],
  ["-A"],
  ["-X"],
];

function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}

describe.skipIf(!existsSync(REAL_NETSTAT))("getoptLong diagnostics", () => {
  for (const args of cases) {
    test(`getoptLong reports ${args.join(" ")} in netstat's words`, () => {
      const real = Bun.spawnSync(["bash", "-c", 'exec -a netstat "$0" "$@"', REAL_NETSTAT, ...args], { env: { ...RUN_ENV }, stdin: "ignore" });
      const ours = parseNetstatArgs("netstat", args, { selinuxEnabled: false });
      expect(ours.kind).toBe("exit");
      if (ours.kind !== "exit") return;
      expect(firstLine(ours.stderr)).toBe(firstLine(real.stderr.toString("latin1")));
      expect(ours.code).toBe(real.exitCode);
    });
  }
});
