/**
 * The socket table sources read /proc/net files in chunks: a table of
 * 100,000 sockets (generated here into a temporary tree) comes out complete
 * and in order, a chunk at a time, and the compiled binary's memory does not
 * grow with the size of the table.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createProcRoot } from "../../src/sources/proc-root.ts";
import { inetChunks, READ_CHUNK, unixChunks } from "../../src/sources/sockets.ts";
import { memoryProcRoot } from "../_support/memory-proc.ts";
import { OURS } from "../_support/run.ts";
import { removeTree, tcpRows, unixRows, writeTree } from "../_support/synthetic-proc.ts";

const HUNDRED_THOUSAND = 100_000;
let small = "";
let large = "";

beforeAll(() => {
  small = writeTree({ "net/tcp": tcpRows(HUNDRED_THOUSAND), "net/unix": unixRows(HUNDRED_THOUSAND) });
  large = writeTree({ "net/tcp": tcpRows(4 * HUNDRED_THOUSAND) });
});
afterAll(() => {
  removeTree(small);
  removeTree(large);
});

describe("inetChunks and unixChunks", () => {
  test("inetChunks reads 100,000 sockets in order, in several bounded chunks", () => {
    let count = 0;
    let chunks = 0;
    let largest = 0;
    for (const parsed of inetChunks(createProcRoot(small), "tcp")) {
      chunks++;
      largest = Math.max(largest, parsed.records.length);
      for (const r of parsed.records) {
        expect(r.inode).toBe(100_000 + count);
        count++;
      }
      expect(parsed.issues).toEqual([]);
    }
    expect(count).toBe(HUNDRED_THOUSAND);
    expect(chunks).toBeGreaterThan(5);
    // A chunk holds what READ_CHUNK bytes hold, plus one carried line.
    const rowBytes = tcpRows(1).split("\n")[1]!.length + 1;
    expect(largest).toBeLessThanOrEqual(Math.ceil(READ_CHUNK / rowBytes) + 1);
  });

  test("unixChunks reads 100,000 unix sockets with their paths", () => {
    let count = 0;
    for (const parsed of unixChunks(createProcRoot(small))) {
      for (const r of parsed.records) expect(r.path).toBe(`/run/s-${count++}`);
    }
    expect(count).toBe(HUNDRED_THOUSAND);
  });

  test("inetChunks numbers bad lines across chunk boundaries as lines of the whole file", () => {
    const good = tcpRows(3).split("\n").slice(1, 4).join("\n");
    const text = `header\n${good}\nbogus\n${good}\nbogus again\n`;
    const root = memoryProcRoot({ "net/tcp": text });
    const issues = [];
    for (const size of [1, 7, 64, 1 << 20]) {
      issues.length = 0;
      let records = 0;
      for (const parsed of inetChunksSized(root, size)) {
        records += parsed.records.length;
        issues.push(...parsed.issues.map((i) => [i.line, i.text]));
      }
      expect({ size, records, issues }).toEqual({ size, records: 6, issues: [[4, "bogus"], [8, "bogus again"]] });
    }
  });

  test("inetChunks throws ProcReadError for a missing file when called", () => {
    expect(() => inetChunks(createProcRoot(small), "tcp6")).toThrow("ENOENT");
  });
});

/** inetChunks over a root whose chunks are `size` bytes, whatever size is asked for. */
function inetChunksSized(root: ReturnType<typeof memoryProcRoot>, size: number): ReturnType<typeof inetChunks> {
  return inetChunks({ ...root, readChunks: (relative) => root.readChunks(relative, size, 1024) }, "tcp");
}

describe("the binary over large tables", () => {
  async function listing(tree: string): Promise<{ lines: number; maxRssKb: number }> {
    const proc = Bun.spawn([OURS, "--proc-root", tree, "-tan"], { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
    let lines = 0;
    for await (const chunk of proc.stdout) for (const byte of chunk) if (byte === 10) lines++;
    await proc.exited;
    expect(await new Response(proc.stderr).text()).toBe("");
    return { lines, maxRssKb: Number(proc.resourceUsage()?.maxRSS ?? 0) / 1024 };
  }

  test("the binary prints every one of 100,000 sockets, and four times as many cost no more memory", async () => {
    const hundred = await listing(small);
    const four = await listing(large);
    expect(hundred.lines).toBe(HUNDRED_THOUSAND + 2);
    expect(four.lines).toBe(4 * HUNDRED_THOUSAND + 2);
    // Read whole, 400,000 rows took about four times the memory of 100,000; read in chunks,
    // the peak stays near the runtime's own. A generous bound, not a measurement.
    expect(four.maxRssKb).toBeGreaterThan(0);
    expect(four.maxRssKb).toBeLessThan(hundred.maxRssKb * 1.6);
  }, 60_000);
});
