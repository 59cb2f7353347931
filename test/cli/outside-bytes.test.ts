/**
 * Bytes from outside, end to end (src/model/bytes.ts): arguments are compared with names read
 * from /proc, /etc/passwd and /run/netns byte for byte, paths reach the file system as the bytes
 * typed, JSON shows UTF-8 names as text, and messages echo arguments as typed (terminal-safe).
 *
 * The compiled binary is run where the bytes come from its own command line (main.ts reads
 * /proc/self/cmdline); run() in-process where they come from files and directory names.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInProcess, type InProcessRun } from "../_support/in-process.ts";
import { namespaceFiles, namespaceFilesSkipReason } from "../_support/ns-files.ts";
import { OURS, RUN_ENV } from "../_support/run.ts";
import { makeNetnsTree, removeNetnsTree, TCP_HEADER, tcpListen } from "../sources/_netns-tree.ts";

/** The UTF-8 bytes of `text` as a byte string, as main.ts hands arguments to run(). */
const utf8 = (text: string): string => Buffer.from(text, "utf8").toString("latin1");
const ESC = "\x1b";
const UID = 1234;

const skip = namespaceFilesSkipReason();
if (skip !== "") console.warn(`cli/outside-bytes.test.ts: namespace-file cases SKIPPED: ${skip}`);
const haveBinary = existsSync(OURS);
if (!haveBinary) console.warn("cli/outside-bytes.test.ts: binary cases SKIPPED: dist/netstat-stream is not built (npm run build)");

const files = skip === "" ? namespaceFiles() : undefined;
// uxø and n<0xff>m hold the tree's processes; the third has none.
const uxo = files?.add(utf8("uxø")) ?? 4026599999;
const odd = files?.add("n\xffm") ?? 4026599998;
files?.add(`e${ESC}[7mx`);

// A process named café, owned by uid 1234, listening on 22, living in uxø.
const tree = makeNetnsTree([
  {
    pid: 1,
    netns: uxo,
    cmdline: "/usr/bin/café",
    sockets: [1001],
    net: { tcp: TCP_HEADER + tcpListen(0, 22, 1001).replace("     0        0 1001", `  ${UID}        0 1001`) },
  },
  { pid: 2, netns: odd, cmdline: "/bin/sleep", sockets: [2001], net: { tcp: TCP_HEADER + tcpListen(0, 23, 2001) } },
]);
symlinkSync("1/net", join(tree, "net"));
const noNames = mkdtempSync(join(tmpdir(), "nss-no-names-"));
afterAll(() => {
  files?.remove();
  removeNetnsTree(tree);
  rmSync(noNames, { recursive: true, force: true });
});

function ours(args: readonly string[]): Promise<InProcessRun> {
  return runInProcess(["--proc-root", tree, ...args]);
}

/** The compiled binary with `argv` (a shell script and its words, so that any byte can be passed). */
function binary(script: string, words: readonly string[]): { out: Buffer; err: Buffer; code: number } {
  const r = Bun.spawnSync(["bash", "-c", script, OURS, ...words], { env: { ...RUN_ENV }, stdin: "ignore", timeout: 20_000 });
  return { out: r.stdout, err: r.stderr, code: r.exitCode };
}

const records = (text: string): Record<string, unknown>[] =>
  Buffer.from(text, "latin1")
    .toString("utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe.skipIf(!haveBinary)("arguments as bytes (compiled binary)", () => {
  test("--program café matches the program /proc names café", () => {
    const r = binary('exec "$0" --proc-root "$1" --program café --json -tanp', [tree]);
    expect(r.err.toString()).toBe("");
    const listed = r.out.toString("utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(listed.map((x) => [x["program_name"], x["local_port_num"]])).toEqual([["café", 22]]);
  });

  test.skipIf(skip !== "")("--user josé matches the user /etc/passwd names josé", () => {
    const passwd = join(tree, "passwd");
    writeFileSync(passwd, `root:x:0:0:root:/root:/bin/sh\njosé:x:${UID}:${UID}::/home/josé:/bin/sh\n`);
    const r = binary('unshare -m --propagation private bash -c \'mount --bind "$1" /etc/passwd && exec "$0" --proc-root "$2" --user josé --json -tan\' "$0" "$@"', [passwd, tree]);
    expect(r.err.toString()).toBe("");
    const listed = r.out.toString("utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(listed.map((x) => [x["uid"], x["local_port_num"]])).toEqual([[UID, 22]]);
  });

  test("a message echoes a non-ASCII argument as the bytes typed", () => {
    const r = binary('exec "$0" --port ٨٠', []);
    expect(r.code).toBe(2);
    expect(r.err.toString("latin1")).toContain(utf8("'٨٠'"));
  });

  test("--proc-root takes a path holding a byte that is not UTF-8", () => {
    const odd = Buffer.from(`${tree}-\xff`, "latin1");
    // The tree copied under a name ending in byte 0xFF (a Buffer path, as no string names it in UTF-8).
    cpSync(tree, `${tree}-copy`, { recursive: true, verbatimSymlinks: true });
    renameSync(`${tree}-copy`, odd);
    try {
      const r = binary('exec "$0" --proc-root "$(printf "$1\\377")" -tln', [`${tree}-`]);
      expect(r.err.toString()).toBe("");
      expect(r.code).toBe(0);
      expect(r.out.toString()).toContain("127.0.0.1:22");
    } finally {
      rmSync(odd, { recursive: true, force: true });
    }
  });

  test("a message shows a byte of an argument that is not UTF-8 as a dot", () => {
    const r = binary('exec "$0" --port "$(printf "8\\3770")"', []);
    expect(r.code).toBe(2);
    expect(r.err.toString("latin1")).toContain("'8.0'");
  });
});

describe.skipIf(skip !== "")("namespace names as bytes (run in-process)", () => {
  test("--all-netns --json names a namespace called uxø", async () => {
    const r = await ours(["--netns-dir", files?.dir ?? "", "--all-netns", "--json", "-tan"]);
    expect(records(r.out).map((x) => [x["netns"], x["netns_name"]])).toEqual([[uxo, "uxø"], [odd, "n\udcffm"]]);
  });

  test("--netns uxø (the argument's UTF-8 bytes) reads the namespace named uxø", async () => {
    const r = await ours(["--netns-dir", files?.dir ?? "", "--netns", utf8("uxø"), "--json", "-tan"]);
    expect(r.err).toBe("");
    expect(records(r.out).map((x) => [x["netns_name"], x["local_port_num"]])).toEqual([["uxø", 22]]);
  });

  test("--all-netns says a namespace name holding ESC with a dot in its place", async () => {
    const r = await ours(["--netns-dir", files?.dir ?? "", "--all-netns", "-tn"]);
    expect(r.err).not.toContain(ESC);
    expect(r.err).toContain("network namespace e.[7mx (");
  });

  for (const [name, bytes] of [
    ["a non-ASCII", "m\xc3\xa9"],
    ["a not UTF-8", "m\xff"],
  ] as const) {
    test(`--netns-dir takes a directory whose name holds ${name} byte`, async () => {
      // The directory of namespace files again, under a name given as its bytes.
      const link = Buffer.from(join(noNames, bytes), "latin1");
      symlinkSync(files?.dir ?? "", link);
      try {
        const r = await ours(["--netns-dir", join(noNames, bytes), "--netns", utf8("uxø"), "--json", "-tan"]);
        expect(r.err).toBe("");
        expect(records(r.out).map((x) => [x["netns_name"], x["local_port_num"]])).toEqual([["uxø", 22]]);
      } finally {
        rmSync(link, { force: true });
      }
    });
  }

  test("--all-netns shows a namespace name that is not UTF-8 with a dot in text, as \\udcff in JSON", async () => {
    const text = await ours(["--netns-dir", files?.dir ?? "", "--all-netns", "-tln"]);
    expect(text.out).toContain(`Network namespace ${odd} (name n.m, pid 2)\n`);
    const json = await ours(["--netns-dir", files?.dir ?? "", "--netns", "n\xffm", "--json", "-tln"]);
    expect(json.out).toContain('"netns_name":"n\\udcffm"');
  });
});

describe("messages echo arguments terminal-safe (run in-process)", () => {
  const cases = [
    { name: "--state with an escape sequence", args: ["--state", `${ESC}[31mred`], shown: "'.[31mred'" },
    { name: "--port with an escape sequence", args: ["--port", `${ESC}]0;owned\x07`], shown: "'.]0;owned.'" },
    { name: "--netns-pid with an escape sequence", args: ["--netns-pid", `${ESC}[2J`], shown: "'.[2J'" },
    { name: "--user with an escape sequence", args: ["--user", `${ESC}[2J`, "-tn"], shown: "'.[2J'" },
    { name: "--netns with an escape sequence", args: ["--netns-dir", noNames, "--netns", `${ESC}[2J`, "-tn"], shown: "namespace .[2J:" },
    { name: "--proc-root with an escape sequence", args: ["--proc-root", `/nonexistent/${ESC}[2J`, "-tn"], shown: "/nonexistent/.[2J " },
    { name: "an unknown option with an escape sequence", args: [`--${ESC}[2J`], shown: "'--.[2J'" },
    { name: "-A with an escape sequence", args: ["-A", `${ESC}[2J`], shown: "`.[2J'" },
  ] as const;
  for (const c of cases) {
    test(`${c.name} is echoed with a dot for ESC`, async () => {
      const r = await ours(c.args);
      expect(r.code).not.toBe(0);
      expect(r.err).toContain(c.shown);
      expect(r.err).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    });
  }
});
