/**
 * Every record a namespace option labels validates against `--schema`: each
 * mode (sockets, -r, -r -6, -i, -ie, -g, -s) under each namespace option
 * (`--netns NAME`, `--netns PATH`, `--netns-pid PID`, `--all-netns`), in a
 * private namespace furnished with routes, interfaces and group memberships.
 * Runs in-process; ajv checks every line, not a sample.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import Ajv from "ajv";
import { runInProcess, type InProcessRun } from "../_support/in-process.ts";
import { lines, type Json } from "../_support/jc.ts";
import { furnishModes } from "../_support/modes-netns.ts";
import { createNetns, netnsAvailable, type Netns } from "../_support/netns.ts";
import { FIXTURE_PYTHON, startUntilReady } from "../_support/fixture.ts";

const available = await netnsAvailable();
if (!available.ok) console.warn(`json/netns-schema.test.ts SKIPPED: ${available.why}`);

function ours(args: readonly string[]): Promise<InProcessRun> {
  return runInProcess(args);
}

/** Each mode, numeric so that no run asks a resolver. */
const MODES: readonly (readonly string[])[] = [
  ["-tan"], ["-uan"], ["-xa"], ["-tanp"], ["-gn"], ["-gn", "-6"], ["-gtn"],
  ["-rn"], ["-rn", "-6"], ["-rn", "-A", "inet,inet6"], ["-i"], ["-ia"], ["-ie"], ["-s"], ["-s", "-6"],
];

describe.skipIf(!available.ok)("--json records of every mode under every namespace option validate against --schema", () => {
  let ns: Netns | undefined;
  let holder = 0;
  let validate: ReturnType<Ajv["compile"]> | undefined;

  beforeAll(async () => {
    ns = await createNetns("nsschema");
    await furnishModes(ns);
    // A process living in the namespace (for --netns-pid) holding a TCP listener, a UDP socket and a unix socket.
    const sockets = [
      "import socket, sys, time",
      "t = socket.socket(); t.bind(('127.0.0.1', 0)); t.listen(1)",
      "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('127.0.0.1', 0))",
      `x = socket.socket(socket.AF_UNIX); x.bind('${ns.dir}/schema.sock'); x.listen(1)`,
      "print('READY', flush=True)",
      "time.sleep(600)",
    ].join("\n");
    holder = await startUntilReady(ns, ["ip", "netns", "exec", ns.name, FIXTURE_PYTHON, "-c", sockets]);
    const schema = await ours(["--schema"]);
    validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(schema.out));
  }, 60_000);
  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  const options = (): Readonly<Record<string, readonly string[]>> => ({
    "--netns NAME": ["--netns", ns!.name],
    "--netns PATH": [`--netns=/run/netns/${ns!.name}`],
    "--netns-pid PID": ["--netns-pid", String(holder)],
    "--all-netns": ["--all-netns"],
  });

  for (const option of ["--netns NAME", "--netns PATH", "--netns-pid PID", "--all-netns"]) {
    for (const mode of MODES) {
      test(`${mode.join(" ")} ${option} --json: every record carries its namespace and validates`, async () => {
        const r = await ours([...options()[option]!, ...mode, "--json"]);
        expect(r.code).toBe(0);
        const records = lines(r.out);
        expect(records.length).toBeGreaterThan(0);
        expect(records.filter((x: Json) => typeof x["netns"] !== "number")).toEqual([]);
        const invalid = records.flatMap((x) => (validate!(x) ? [] : [`${JSON.stringify(x)}: ${JSON.stringify(validate!.errors)}`]));
        expect(invalid).toEqual([]);
      });
    }
  }
});
