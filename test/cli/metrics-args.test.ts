/**
 * The Prometheus options on the command line: their values, what they cannot be combined with
 * (one sentence, status 2), what they set, and `--textfile`'s writes (atomic, no temporary file
 * left behind, one sentence and status 1 when the file cannot be written).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";
import { runInProcess } from "../_support/in-process.ts";
import { FIXTURES } from "../golden/_trees.ts";

const parse = (...args: string[]) => parseNetstatArgs("netstat-stream", args, { selinuxEnabled: false });

const mistakes: readonly { readonly name: string; readonly args: readonly string[]; readonly message: string }[] = [
  { name: "a --textfile not ending in .prom", args: ["-tan", "--textfile", "/tmp/x.txt"], message: "Invalid --textfile value '/tmp/x.txt': expected a file name ending in .prom, the only files node_exporter's textfile collector reads" },
  { name: "a --textfile named only .prom", args: ["-tan", "--textfile", "/tmp/.prom"], message: "Invalid --textfile value '/tmp/.prom': expected a file name ending in .prom, the only files node_exporter's textfile collector reads" },
  { name: "--json before --textfile", args: ["-tan", "--json", "--textfile", "x.prom"], message: "--json and --textfile cannot be used together" },
  { name: "--format table after --textfile", args: ["-tan", "--textfile", "x.prom", "--format", "table"], message: "--textfile and --format table cannot be used together" },
  { name: "--metrics-ports without the exposition", args: ["-tan", "--metrics-ports", "443"], message: "--metrics-ports needs --format prometheus, --textfile or --serve" },
  { name: "--metrics-max-series without the exposition", args: ["-tan", "--metrics-max-series", "10"], message: "--metrics-max-series needs --format prometheus, --textfile or --serve" },
  { name: "a --metrics-ports word that is no port", args: ["--format", "prometheus", "--metrics-ports", "https"], message: "Invalid --metrics-ports value 'https': expected a port number from 0 to 65535" },
  { name: "--metrics-max-series 0", args: ["--format", "prometheus", "--metrics-max-series", "0"], message: "Invalid --metrics-max-series value '0': expected a whole number of series from 1 to 1000000" },
  { name: "--metrics-max-series past the limit", args: ["--format", "prometheus", "--metrics-max-series", "1000001"], message: "Invalid --metrics-max-series value '1000001': expected a whole number of series from 1 to 1000000" },
  { name: "--metrics-max-series 1e3", args: ["--format", "prometheus", "--metrics-max-series", "1e3"], message: "Invalid --metrics-max-series value '1e3': expected a whole number of series from 1 to 1000000" },
  { name: "the exposition with --watch", args: ["--format", "prometheus", "--watch"], message: "--format prometheus writes readings of the sockets, so it cannot be used with --watch" },
  { name: "--textfile with -s", args: ["-s", "--textfile", "x.prom"], message: "--textfile exposes the socket listing and protocol counters, so it cannot be used with -s" },
  { name: "the exposition with -r", args: ["-r", "--format", "prometheus"], message: "--format prometheus exposes the socket listing and protocol counters, so it cannot be used with -r" },
  { name: "the exposition with -g", args: ["-g", "--format", "prometheus"], message: "--format prometheus exposes the socket listing and protocol counters, so it cannot be used with -g" },
];

describe("the Prometheus options", () => {
  for (const m of mistakes) {
    test(`parseNetstatArgs refuses ${m.name} in one sentence with status 2`, () => {
      expect(parse(...m.args)).toEqual({ kind: "exit", stdout: "", stderr: `netstat-stream: ${m.message}\n`, code: 2 });
    });
  }

  test("parseNetstatArgs reads --textfile as the exposition, numeric, with the default bounds", () => {
    const r = parse("-tap", "--textfile", "/var/lib/x.prom");
    if (r.kind !== "run") throw new Error(r.stderr);
    expect(r.options).toMatchObject({ format: "prometheus", textfile: "/var/lib/x.prom", numericHosts: true, numericPorts: true, numericUsers: true, metrics: { ports: [], maxSeries: 2000 } });
  });

  test("parseNetstatArgs gathers --metrics-ports from comma lists and repeats, once each", () => {
    const r = parse("--format", "prometheus", "--metrics-ports", "443,5432", "--metrics-ports", "443", "--metrics-max-series", "50");
    if (r.kind !== "run") throw new Error(r.stderr);
    expect(r.options.metrics).toEqual({ ports: [443, 5432], maxSeries: 50 });
  });
});

describe("--textfile", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "netstat-textfile-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("run --textfile writes what --format prometheus prints, leaving only the file, and prints nothing", async () => {
    const root = join(FIXTURES, "live");
    const file = join(dir, "live.prom");
    const printed = await runInProcess(["--proc-root", root, "-an", "--format", "prometheus"]);
    const written = await runInProcess(["--proc-root", root, "-an", "--textfile", file]);
    expect(written).toEqual({ out: "", err: "", code: 0 });
    const duration = /^netstat_scrape_duration_seconds .*$/m;
    expect(readFileSync(file, "latin1").replace(duration, "")).toBe(printed.out.replace(duration, ""));
    expect(readdirSync(dir)).toEqual(["live.prom"]);
    expect(statSync(file).mode & 0o777).toBe(0o644);
  });

  test("run --textfile into a directory that does not exist says so in one sentence with status 1", async () => {
    const file = join(dir, "missing", "x.prom");
    const r = await runInProcess(["--proc-root", join(FIXTURES, "live"), "-an", "--textfile", file]);
    expect(r).toEqual({ out: "", err: `netstat-stream: Cannot write ${file}: No such file or directory\n`, code: 1 });
  });
});
