import { describe, expect, test } from "bun:test";
import { argumentBytes, osPath, utf8Bytes } from "../../src/model/bytes.ts";

/** A byte string from hex pairs. */
const bytes = (hex: string): string => Buffer.from(hex.replaceAll(" ", ""), "hex").toString("latin1");
/** /proc/self/cmdline text for these words (byte strings). */
const cmdline = (...words: string[]): string => words.map((w) => `${w}\0`).join("");
/** What the runtime makes of bytes in process.argv: UTF-8, each bad sequence a U+FFFD. */
const decoded = (word: string): string => Buffer.from(word, "latin1").toString("utf8");

const cafe = bytes("63 61 66 c3 a9");
const notUtf8 = bytes("2f 74 6d 70 2f 78 ff 79");

const cases = [
  {
    name: "argumentBytes takes argv[0] and the arguments from a compiled program's cmdline",
    cmdline: cmdline("netstat", "--program", cafe),
    argv0: "netstat",
    args: ["--program", "café"],
    want: { argv0: "netstat", args: ["--program", cafe] },
  },
  {
    name: "argumentBytes keeps a byte that is not UTF-8, which process.argv has lost",
    cmdline: cmdline("./netstat-stream", "--proc-root", notUtf8),
    argv0: "./netstat-stream",
    args: ["--proc-root", decoded(notUtf8)],
    want: { argv0: "./netstat-stream", args: ["--proc-root", notUtf8] },
  },
  {
    name: "argumentBytes skips the words a runtime running a script puts before the arguments",
    cmdline: cmdline("/usr/bin/bun", "src/main.ts", "-tn", cafe),
    argv0: "/usr/bin/bun",
    args: ["-tn", "café"],
    want: { argv0: "/usr/bin/bun", args: ["-tn", cafe] },
  },
  {
    name: "argumentBytes keeps empty arguments",
    cmdline: cmdline("netstat", "", "--netns", ""),
    argv0: "netstat",
    args: ["", "--netns", ""],
    want: { argv0: "netstat", args: ["", "--netns", ""] },
  },
  {
    name: "argumentBytes re-encodes the arguments as UTF-8 when the cmdline was rewritten",
    cmdline: cmdline("netstat", "something", "else"),
    argv0: "netstat",
    args: ["--user", "josé"],
    want: { argv0: "netstat", args: ["--user", bytes("6a 6f 73 c3 a9")] },
  },
  {
    name: "argumentBytes re-encodes everything as UTF-8 without /proc",
    cmdline: undefined,
    argv0: "nétstat",
    args: ["--port", "٨٠"],
    want: { argv0: bytes("6e c3 a9 74 73 74 61 74"), args: ["--port", bytes("d9 a8 d9 a0")] },
  },
  {
    name: "argumentBytes ignores a cmdline cut short of its final NUL",
    cmdline: `netstat\0${cafe}`,
    argv0: "netstat",
    args: ["café"],
    want: { argv0: "netstat", args: [cafe] },
  },
] as const;

describe("argumentBytes", () => {
  for (const c of cases) {
    test(c.name, () => {
      expect(argumentBytes(c.cmdline, { argv0: c.argv0, args: c.args })).toEqual(c.want);
    });
  }
});

describe("utf8Bytes and osPath", () => {
  test("utf8Bytes gives the UTF-8 bytes of text, one character per byte", () => {
    expect(utf8Bytes("café")).toBe(cafe);
    expect(utf8Bytes("/run/netns/blue")).toBe("/run/netns/blue");
  });

  test("osPath hands the file system the bytes of a path, not their UTF-8 re-encoding", () => {
    expect(osPath("/proc/net/tcp")).toBe("/proc/net/tcp");
    expect(osPath(notUtf8)).toEqual(Buffer.from("2f746d702f78ff79", "hex"));
    expect(osPath(cafe)).toEqual(Buffer.from("café", "utf8"));
  });
});
