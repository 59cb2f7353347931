/**
 * Mistakes on the command line are named, never ignored: a bad value names the option as typed
 * with the word given (no validator words), an option that would do nothing is an error, and
 * `-I` says why it cannot do what was asked. Each is one sentence and status 2.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";
import { run } from "../../src/cli/run.ts";
import { removeTree, writeTree } from "../_support/synthetic-proc.ts";

const parse = (...args: string[]) => parseNetstatArgs("netstat-stream", args, { selinuxEnabled: false });

const mistakes: readonly { readonly name: string; readonly args: readonly string[]; readonly message: string }[] = [
  // Values: the option as typed, the word as typed.
  { name: "an empty --netns", args: ["--netns", ""], message: "Invalid --netns value '': expected a namespace name or path" },
  { name: "an empty --netns=", args: ["--netns="], message: "Invalid --netns value '': expected a namespace name or path" },
  { name: "an empty --proc-root", args: ["--proc-root", ""], message: "Invalid --proc-root value '': expected a directory" },
  { name: "an empty --netns-dir", args: ["--all-netns", "--netns-dir="], message: "Invalid --netns-dir value '': expected a directory" },
  { name: "a -c delay too long, unrounded", args: ["-c", "31536000.5", "-t"], message: "Invalid -c value '31536000.5': expected a delay in seconds from 0.001 to 31536000" },
  { name: "a -c delay of 0", args: ["-tc", "0"], message: "Invalid -c value '0': expected a delay in seconds from 0.001 to 31536000" },
  { name: "a -c delay below a millisecond", args: ["--continuous", ".0001"], message: "Invalid -c value '.0001': expected a delay in seconds from 0.001 to 31536000" },
  { name: "a long -I name", args: ["-I=abcdefghijklmnop"], message: "Invalid -I value 'abcdefghijklmnop': an interface name has at most 15 characters" },
  { name: "a long --interfaces= name", args: ["--interfaces=abcdefghijklmnop"], message: "Invalid --interfaces value 'abcdefghijklmnop': an interface name has at most 15 characters" },
  { name: "a bad --netns-pid", args: ["--netns-pid", "x1"], message: "Invalid --netns-pid value 'x1': expected a process id" },
  { name: "a uid past the largest", args: ["--user", "4294967296"], message: "Invalid --user value '4294967296': expected a user name or a uid from 0 to 4294967294" },
  { name: "the uid that means no user", args: ["--user=4294967295"], message: "Invalid --user value '4294967295': expected a user name or a uid from 0 to 4294967294" },
  // -I.
  { name: "--interfaces with its interface in the next word", args: ["--interfaces", "v0"], message: "--interfaces takes its interface in the same word: write --interfaces=v0, not --interfaces v0" },
  { name: "-I with its interface in the next word", args: ["-I", "v0"], message: "-I takes its interface in the same word: write -I=v0 or -Iv0, not -I v0" },
  { name: "-I= with no interface", args: ["-I="], message: "-I= names no interface: give one, as in -I=eth0, or use -i for all of them" },
  { name: "--interfaces= with no interface", args: ["--interfaces="], message: "--interfaces= names no interface: give one, as in -I=eth0, or use -i for all of them" },
  { name: "two -I interfaces", args: ["-I=lo", "-I=v0"], message: "-I=lo and -I=v0 name two interfaces: -I shows one" },
  { name: "-I with -r", args: ["-Ilo", "-r"], message: "-Ilo shows the interface table, so it cannot be used with -r" },
  { name: "-I with -s", args: ["-s", "-I=lo"], message: "-I=lo shows the interface table, so it cannot be used with -s" },
  { name: "-I with --watch", args: ["--watch", "-I=lo"], message: "--watch works only with socket listings, not with -r, -i, -g, -M or -s" },
  { name: "-I with a socket filter", args: ["-Ilo", "--port", "22"], message: "--port filters sockets and cannot be used with -i (interfaces)" },
  // Options that would have done nothing.
  { name: "--interval without --watch or -c", args: ["--interval", "2s", "-t"], message: "--interval needs --watch, --top, -c or --serve" },
  { name: "--netns-dir without a namespace option", args: ["--netns-dir", "/tmp", "-t"], message: "--netns-dir needs --netns, --netns-pid or --all-netns" },
  { name: "--json with --format table", args: ["--json", "--format", "table"], message: "--json and --format table cannot be used together" },
  { name: "--format table with --json", args: ["--format=table", "-t", "--json"], message: "--format table and --json cannot be used together" },
  { name: "--format text with --format json", args: ["--format", "text", "--format", "json"], message: "--format text and --format json cannot be used together" },
  { name: "--watch with --format table", args: ["--watch", "--format", "table"], message: "--watch prints events as lines (or NDJSON with --json), so it cannot be used with --format table (--watch --closes can)" },
  { name: "a number far from -c", args: ["-c", "-tln", "--port", "22", "8080"], message: "Stray argument '8080': a -c delay goes right after -c, as in -c 5" },
  { name: "a number before -c", args: ["5", "-c"], message: "Stray argument '5': a -c delay goes right after -c, as in -c 5" },
  { name: "a second number after the -c delay", args: ["-c", "5", "7"], message: "Stray argument '7': a -c delay goes right after -c, as in -c 5" },
  ...["5s", "1e3", "+5", "1.5e1", "1e9999", "Infinity"].map((word) => ({
    name: `a -c delay written ${word}`,
    args: ["-c", word, "-tn"],
    message: `Invalid -c value '${word}': expected a delay in seconds from 0.001 to 31536000`,
  })),
  { name: "a number-like word far from -c", args: ["-c", "-tn", "1e3"], message: "Stray argument '1e3': a -c delay goes right after -c, as in -c 5" },
  { name: "a -c delay with --interval", args: ["-c", "5", "--interval", "2s"], message: "A -c delay ('5') and --interval cannot be used together" },
  // --top.
  { name: "--top with --watch", args: ["--top", "--watch"], message: "--top cannot be used with --watch, -c/--continuous or --serve" },
  { name: "--top with --json", args: ["--top", "--json"], message: "--top draws a screen, so it cannot be used with --json" },
  { name: "--top with -r", args: ["--top", "-r"], message: "--top shows sockets and cannot be used with -r (routes)" },
  { name: "--top with --summary", args: ["--top", "--summary"], message: "--top shows sockets and cannot be used with --summary (socket counts)" },
  { name: "--top with --tcp-info", args: ["--top", "--tcp-info"], message: "--top shows rates, not each socket's internals, so it cannot be used with --tcp-info" },
  { name: "--top with --serve", args: ["--top", "--serve", ":9469"], message: "--top cannot be used with --watch, -c/--continuous or --serve" },
  ...[["--count-by", "state", "--top"], ["--top", "--count-by", "state"], ["--top", "-t", "--count-by", "state"]].map((args) => ({
    name: "a bare --top with --count-by",
    args,
    message: "--top without a number is the live view and cannot be used with --count-by or --top N: give the number of groups, as in --top 10",
  })),
  { name: "--top N without --count-by", args: ["-t", "--top", "5"], message: "--top N needs --count-by (--top alone is the live view)" },
  { name: "--top=N without --count-by", args: ["--top=5"], message: "--top N needs --count-by (--top alone is the live view)" },
];

describe("parseNetstatArgs mistakes", () => {
  for (const c of mistakes) {
    test(`parseNetstatArgs rejects ${c.name} (${c.args.join(" ")}) in one sentence with status 2`, () => {
      expect(parse(...c.args)).toEqual({ kind: "exit", stdout: "", stderr: `netstat-stream: ${c.message}\n`, code: 2 });
    });
  }

  const honoured: readonly { readonly name: string; readonly args: readonly string[]; readonly check: (o: ReturnType<typeof options>) => boolean }[] = [
    { name: "-i with -I=lo lists lo", args: ["-i", "-I=lo"], check: (o) => o.mode === "interfaces" && o.interfaceName === "lo" },
    { name: "-ie with -I=lo lists lo in full", args: ["-ie", "-I=lo"], check: (o) => o.mode === "interfaces" && o.interfaceName === "lo" && o.extend === 2 },
    { name: "-I=lo given twice", args: ["-I=lo", "-Ilo"], check: (o) => o.interfaceName === "lo" },
    { name: "a bare -I before an option lists every interface", args: ["-I", "-e"], check: (o) => o.mode === "interfaces" && o.interfaceName === undefined },
    { name: "-c 5 repeats every 5 s", args: ["-c", "5", "-t"], check: (o) => o.continuous && o.delaySeconds === 5 },
    { name: "--top names processes and refreshes every second", args: ["--top"], check: (o) => o.live && o.programs && o.intervalMs === 1000 },
    { name: "--top -t is the live view of TCP", args: ["--top", "-t"], check: (o) => o.live && o.top === undefined && o.selection.tcp },
    { name: "--count-by state --top 2 keeps two groups", args: ["--count-by", "state", "--top", "2"], check: (o) => !o.live && o.top === 2 },
    { name: "--count-by state --top=2 keeps two groups", args: ["--count-by", "state", "--top=2"], check: (o) => !o.live && o.top === 2 },
    { name: "--top 2 before --count-by keeps two groups", args: ["--top", "2", "--count-by", "state"], check: (o) => !o.live && o.top === 2 },
    { name: "--top --interval 2s refreshes every 2 s", args: ["--top", "--interval", "2s"], check: (o) => o.live && o.intervalMs === 2000 },
    { name: "-tnc 0.5 repeats every half second", args: ["-tnc", "0.5"], check: (o) => o.delaySeconds === 0.5 },
    { name: "--continuous 2 repeats every 2 s", args: ["-t", "--continuous", "2"], check: (o) => o.delaySeconds === 2 },
    { name: "a number without -c is ignored, as netstat ignores it", args: ["-tn", "8080"], check: (o) => !o.continuous && o.delaySeconds === 1 },
    { name: "--json twice", args: ["--json", "--format", "json"], check: (o) => o.format === "json" },
    { name: "--interval with -c", args: ["-c", "--interval", "250ms"], check: (o) => o.delaySeconds === 0.25 },
    { name: "the largest uid", args: ["--user", "4294967294"], check: (o) => o.filters.user?.join() === "4294967294" },
  ];
  function options(...args: string[]) {
    const r = parse(...args);
    if (r.kind !== "run") throw new Error(`expected a run, got ${JSON.stringify(r)}`);
    return r.options;
  }
  for (const c of honoured) test(`parseNetstatArgs honours ${c.name}`, () => expect(c.check(options(...c.args))).toBe(true));

  test("parseNetstatArgs still gives netstat's usage for -i twice", () => {
    const r = parse("-ii");
    expect(r.kind === "exit" && r.code).toBe(3);
  });
});

/** One in-process run; `stopAfter` ends it (as SIGINT does) once that many lines are out. */
async function ours(args: readonly string[], stopAfter = Infinity): Promise<{ out: string; err: string; code: number }> {
  let out = "";
  let err = "";
  let stop: (() => void) | undefined;
  const code = await run("netstat-stream", args, {
    stdout: (t) => {
      out += t;
      if (out.split("\n").length - 1 >= stopAfter) stop?.();
    },
    stderr: (t) => (err += t),
    euid: 0,
    onSignal: (handler) => {
      stop = () => queueMicrotask(() => handler("SIGINT"));
      return () => undefined;
    },
  });
  return { out, err, code };
}

describe("run and the options it checks", () => {
  let root = "";
  beforeAll(() => {
    const header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
    // uid 33, inode 4242, a running retransmit timer (3 s, 2 retries).
    const row = "   0: 0100007F:1F90 0200007F:0050 01 00000000:00000000 01:0000012C 00000002    33        0 4242 1 0000000000000000 20 4 30 10 -1\n";
    root = writeTree({ "net/tcp": header + row, "net/tcp6": header });
  });
  afterAll(() => removeTree(root));

  test("run refuses a --netns-dir that is a file, in one sentence with status 2", async () => {
    const r = await ours(["--proc-root", root, "--all-netns", "--netns-dir", `${root}/net/tcp`, "-t"]);
    expect(r).toEqual({ out: "", err: `netstat-stream: Cannot use ${root}/net/tcp as the --netns-dir directory: Not a directory\n`, code: 2 });
  });

  test("run refuses a --netns-dir that does not exist, in one sentence with status 2", async () => {
    const r = await ours(["--proc-root", root, "--netns", "x", "--netns-dir", `${root}/none`, "-t"]);
    expect(r).toEqual({ out: "", err: `netstat-stream: Cannot use ${root}/none as the --netns-dir directory: No such file or directory\n`, code: 2 });
  });

  test("run --watch -e -o shows the User, Inode and Timer that -teo lists", async () => {
    const listing = await ours(["--proc-root", root, "-tneo"]);
    // The row netstat would print: user, inode and timer are its 7th, 8th and last fields.
    const fields = listing.out.trimEnd().split("\n").at(-1)!.split(/\s+/);
    const [user, inode] = [fields[6]!, fields[7]!];
    const timer = fields.slice(-2).join(" ");
    expect([user, inode, timer]).toEqual(["33", "4242", "on (3.00/2/0)"]);
    const watch = await ours(["--proc-root", root, "--watch", "--include-existing", "--interval", "10ms", "-tneo"], 1);
    expect(watch.code).toBe(0);
    const line = watch.out.split("\n")[0]!;
    expect(line).toMatch(new RegExp(`ESTABLISHED +${user} +${inode} +${timer.replace(/[().]/g, "\\$&")} +\\(existing\\)$`));
  });
});
