import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInProcess, type InProcessRun } from "../_support/in-process.ts";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";
import { makeNetnsTree, removeNetnsTree, TCP_HEADER, tcpListen } from "../sources/_netns-tree.ts";

const docker = "3f4b2c1d0e9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c";
const tree = makeNetnsTree([
  { pid: 1, netns: 100, cmdline: "/sbin/init", sockets: [1001], net: { tcp: TCP_HEADER + tcpListen(0, 22, 1001) } },
  {
    pid: 7,
    netns: 200,
    cmdline: "/usr/sbin/nginx",
    cgroup: `0::/system.slice/docker-${docker}.scope\n`,
    // 2001 is held here; 2002 by nobody we can see.
    sockets: [2001],
    net: { tcp: TCP_HEADER + tcpListen(0, 80, 2001) + tcpListen(1, 81, 2002) },
  },
  // 300 has no tcp file: a kernel without it, reported for that namespace only.
  { pid: 9, netns: 300, cmdline: "/bin/sleep", net: {} },
  { pid: 11, netns: 400, cmdline: "/bin/sleep", net: { tcp: TCP_HEADER } },
]);
// No named namespaces: the machine's own /run/netns names namespaces that are not in this tree.
const noNames = mkdtempSync(join(tmpdir(), "nss-no-names-"));
afterAll(() => {
  removeNetnsTree(tree);
  rmSync(noNames, { recursive: true, force: true });
});

function ours(args: readonly string[]): Promise<InProcessRun> {
  return runInProcess(["--proc-root", tree, "--netns-dir", noNames, ...args]);
}

/**
 * What the real netstat prints for one namespace of the tree: the tree mounted over /proc with
 * `net` pointing at that process's net/ directory, so that -p sees the same processes. Numeric
 * flags only, so no name is looked up.
 */
function netstatFor(pid: number, args: readonly string[]): { out: string; err: string; code: number } {
  const link = join(tree, "net");
  rmSync(link, { force: true });
  symlinkSync(`${pid}/net`, link);
  try {
    const r = Bun.spawnSync(
      ["unshare", "-m", "--propagation", "private", "bash", "-c", 'mount --bind "$0" /proc && exec -a netstat /usr/bin/netstat "$@"', tree, ...args],
      { env: { LC_ALL: "C", PATH: "/usr/sbin:/usr/bin:/sbin:/bin" } },
    );
    return { out: r.stdout.toString("latin1"), err: r.stderr.toString("latin1"), code: r.exitCode };
  } finally {
    rmSync(link, { force: true });
  }
}

const oracle = process.geteuid?.() === 0 && existsSync("/usr/bin/netstat") && existsSync("/usr/bin/unshare");
if (!oracle) console.warn("cli/netns-listing.test.ts: oracle cases SKIPPED: they need root, unshare and /usr/bin/netstat");

describe.skipIf(!oracle)("--all-netns text", () => {
  test("--all-netns groups each namespace under its header, each body as netstat prints it there", async () => {
    const r = await ours(["--all-netns", "-tlnp"]);
    expect(r.out).toBe(
      "Network namespace 100 (pid 1)\n" +
        netstatFor(1, ["-tlnp"]).out +
        "\n" +
        `Network namespace 200 (container docker ${docker}, pid 7)\n` +
        netstatFor(7, ["-tlnp"]).out +
        "\n" +
        "Network namespace 300 (pid 9)\n" +
        netstatFor(9, ["-tlnp"]).out +
        "\n" +
        "Network namespace 400 (pid 11)\n" +
        netstatFor(11, ["-tlnp"]).out,
    );
    // Namespace 300 has no /proc/net/tcp: netstat's message and status, and the run goes on.
    expect(r.err).toBe(netstatFor(9, ["-tlnp"]).err);
    expect(r.code).toBe(netstatFor(9, ["-tlnp"]).code);
    expect(r.code).toBe(1);
  });

  test("--all-netns without a protocol named passes over a missing file silently, as netstat does", async () => {
    const r = await ours(["--all-netns", "-ln", "--inet"]);
    expect(r.out).toContain(`Network namespace 300 (pid 9)\n${netstatFor(9, ["-ln", "--inet"]).out}`);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
  });

  test("--netns-pid prints that namespace alone, without a header, as netstat does there", async () => {
    const r = await ours(["--netns-pid", "7", "-tlnp"]);
    expect(r).toEqual(netstatFor(7, ["-tlnp"]));
  });

  test("--netns-pid of a missing process fails in one sentence", async () => {
    const r = await ours(["--netns-pid", "4242", "-tln"]);
    expect(r).toEqual({ out: "", err: "netstat-stream: Cannot read network namespace of pid 4242: No such process\n", code: 1 });
  });
});

describe("namespace options", () => {
  const env = { selinuxEnabled: false };
  const cases = [
    { args: ["--netns", "blue"], want: { kind: "name", value: "blue" } },
    { args: ["--netns=/proc/7/ns/net"], want: { kind: "name", value: "/proc/7/ns/net" } },
    { args: ["--netns-pid", "7"], want: { kind: "pid", pid: 7 } },
    { args: ["--all-netns", "-tn"], want: { kind: "all" } },
    { args: ["-tn"], want: undefined },
    { args: ["--netns-dir", "/host/run/netns", "--netns", "blue"], want: { kind: "name", value: "blue" } },
  ] as const;
  for (const c of cases) {
    test(`parseNetstatArgs reads ${c.args.join(" ")}`, () => {
      const parsed = parseNetstatArgs("netstat-stream", c.args, env);
      expect(parsed.kind === "run" ? parsed.options.netns : parsed).toEqual(c.want);
    });
  }

  const rejected = [
    { args: ["--netns-pid", "abc"], message: "netstat-stream: Invalid --netns-pid value 'abc': expected a process id\n", code: 2 },
    { args: ["--netns-pid", "0"], message: "netstat-stream: Invalid --netns-pid value '0': expected a process id\n", code: 2 },
    {
      args: ["--all-netns", "--netns", "x"],
      message: "netstat-stream: Cannot combine namespace options: give one of --netns, --netns-pid and --all-netns, once\n",
      code: 2,
    },
  ] as const;
  for (const c of rejected) {
    test(`parseNetstatArgs rejects ${c.args.join(" ")}`, () => {
      expect(parseNetstatArgs("netstat-stream", c.args, env)).toEqual({ kind: "exit", stdout: "", stderr: c.message, code: c.code });
    });
  }

  test("parseNetstatArgs wants the namespace options spelled in full", () => {
    const parsed = parseNetstatArgs("netstat-stream", ["--all-net"], env);
    expect(parsed.kind === "exit" && parsed.code).toBe(3);
  });
});
