/**
 * What a namespace that cannot be read is said to be: a namespace file of another type is named
 * as such, and an empty named namespace is called empty, with what could not be checked beside it.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { wordsText } from "../../src/format/netstat-diagnostics.ts";
import { namespaceUnreadable } from "../../src/pipeline/namespaces.ts";
import { runInProcess, type InProcessRun } from "../_support/in-process.ts";
import { NetnsError, planNetns } from "../../src/sources/netns.ts";
import { memoryProcRoot } from "../_support/memory-proc.ts";
import { namespaceFiles, namespaceFilesSkipReason } from "../_support/ns-files.ts";
import { makeNetnsTree, removeNetnsTree, TCP_HEADER, tcpListen } from "../sources/_netns-tree.ts";

const skip = namespaceFilesSkipReason();
if (skip !== "") console.warn(`cli/netns-messages.test.ts: namespace-file cases SKIPPED: ${skip}`);
const files = skip === "" ? namespaceFiles() : undefined;
files?.add("empty");
files?.add("host", "uts");
// One process, in a namespace no file names.
const tree = makeNetnsTree([{ pid: 1, netns: 100, sockets: [1001], net: { tcp: TCP_HEADER + tcpListen(0, 22, 1001) } }]);
const noNames = mkdtempSync(join(tmpdir(), "nss-no-names-"));
afterAll(() => {
  files?.remove();
  removeNetnsTree(tree);
  rmSync(noNames, { recursive: true, force: true });
});

function ours(args: readonly string[]): Promise<InProcessRun> {
  return runInProcess(["--proc-root", tree, ...args]);
}

function planError(run: () => unknown): NetnsError {
  try {
    run();
  } catch (error) {
    if (error instanceof NetnsError) return error;
    throw error;
  }
  throw new Error("Cannot test: no NetnsError was thrown");
}

describe("namespace files of another type", () => {
  test("--netns /proc/self/ns/mnt says it is a mount namespace, not a network namespace", async () => {
    const r = await ours(["--netns-dir", noNames, "--netns", "/proc/self/ns/mnt", "-tn"]);
    expect(r).toEqual({
      out: "",
      err: "netstat-stream: Cannot read network namespace /proc/self/ns/mnt: it is a mount namespace, not a network namespace\n",
      code: 1,
    });
  });

  test.skipIf(skip !== "")("--netns NAME says a bind-mounted UTS namespace file is not a network namespace", async () => {
    const r = await ours(["--netns-dir", files?.dir ?? "", "--netns", "host", "-tn"]);
    expect(r.err).toBe("netstat-stream: Cannot read network namespace host: it is a UTS namespace, not a network namespace\n");
    expect(r.code).toBe(1);
  });
});

describe.skipIf(skip !== "")("an empty named namespace", () => {
  test("--netns NAME of a namespace no process lives in says so", async () => {
    const r = await ours(["--netns-dir", files?.dir ?? "", "--netns", "empty", "-tn"]);
    expect(r.err).toBe(
      "netstat-stream: Cannot read network namespace empty: no process lives in it, and netstat-stream reads a namespace only through one of its processes\n",
    );
    expect(r.code).toBe(1);
  });

  test("a namespace's unreadable words call a namespace empty of the processes it could check, and counts those it could not", () => {
    // pid 1 is in namespace 100; pid 2's namespace link is refused, as a protected process's is.
    const root = memoryProcRoot({
      "1/ns/net": { link: "net:[100]" },
      "1/stat": "1 (init) S 0",
      "2/ns/net": { error: "EACCES" },
      "2/stat": "2 (guarded) S 0",
    });
    const error = planError(() => planNetns(root, { kind: "name", value: "empty" }, files?.dir ?? ""));
    expect(wordsText(namespaceUnreadable(error))).toBe(
      "netstat-stream: Cannot read network namespace empty: no process lives in it among those that could be checked, " +
        "and netstat-stream reads a namespace only through one of its processes " +
        "(the namespace of 1 other process(es) could not be read: permission denied)\n",
    );
  });
});
