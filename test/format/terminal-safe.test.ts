import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { endpointText } from "../../src/format/netstat-address.ts";
import { inetRow, programLabel, rowTail } from "../../src/format/netstat-inet.ts";
import { unixRow } from "../../src/format/netstat-unix.ts";
import { messageSafe, stderrSafe, terminalSafe } from "../../src/format/terminal-safe.ts";
import type { InetSocket, UnixSocket } from "../../src/model/socket.ts";
import type { Names } from "../../src/resolve/names.ts";

/** Every byte value 0..255 once, as latin1 text. */
const allBytes = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));
const escapeSequence = "\x1b]0;owned\x07\x1b[2J";

/** Names that hand back hostile text for everything. */
const hostileNames: Names = {
  host: () => `h${escapeSequence}\n`,
  network: () => `n${escapeSequence}`,
  service: () => `s\r${escapeSequence}`,
  user: () => `u${escapeSequence}\x9b`,
};

const socket: InetSocket = {
  kind: "inet", proto: "tcp", label: "tcp", family: "inet", localAddress: "203.0.113.1", localPort: 80,
  remoteAddress: "203.0.113.2", remotePort: 4000, state: 1, txQueue: 0, rxQueue: 0, timerActive: 0,
  timerTicks: 0, retransmits: 0, uid: 1000, timeout: 0, inode: 77,
};
const options = {
  all: true, listening: false, numericHosts: false, numericPorts: false, numericUsers: false, wide: true,
  extend: 2, programs: true, timers: false,
};
const ONE_SAFE_LINE = /^[\x20-\x7e]*\n$/;

describe("terminalSafe", () => {
  test("terminalSafe keeps printable ASCII and turns each other byte into one dot", () => {
    const safe = terminalSafe(allBytes);
    expect(safe.length).toBe(256);
    expect(safe.slice(0x20, 0x7f)).toBe(allBytes.slice(0x20, 0x7f));
    expect(safe.slice(0, 0x20)).toBe(".".repeat(0x20));
    expect(safe.slice(0x7f)).toBe(".".repeat(0x81));
  });

  test("terminalSafe never lets a byte outside 0x20..0x7E through, and keeps the length", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const safe = terminalSafe(s);
        expect(safe).toMatch(/^[\x20-\x7e]*$/);
        expect(safe.length).toBe(s.length);
      }),
      { seed: 7, numRuns: 2000 },
    );
  });
});

describe("terminal-safe rows", () => {
  test("inetRow makes host, service, user and program names terminal-safe", () => {
    const row = inetRow(socket, options, hostileNames, () => ({ pid: 42, program: `p${escapeSequence}` }));
    expect(row).toMatch(ONE_SAFE_LINE);
    expect(row).toContain("h.]0;owned..[2J.:s..]0;owned..[2J");
    expect(row).toContain(" u.]0;owned..[2J. ");
  });

  test("endpointText makes resolved names terminal-safe", () => {
    expect(endpointText("203.0.113.1", 80, "inet", "tcp", { numericHosts: false, numericPorts: false, wide: true }, hostileNames)).toBe(
      "h.]0;owned..[2J.:s..]0;owned..[2J",
    );
  });

  test("programLabel cuts to 19 bytes before it makes the label terminal-safe", () => {
    expect(programLabel({ pid: 7, program: `\x1b[31m${"x".repeat(30)}` })).toBe(`7/.[31m${"x".repeat(12)}`);
  });

  test("rowTail prints a user name terminal-safe", () => {
    expect(rowTail(1000, 77, "", options, hostileNames, () => undefined)).toMatch(/^ u\.\]0;owned\.\.\[2J\. /);
  });

  test("unixRow makes every byte of a path terminal-safe", () => {
    const s: UnixSocket = { kind: "unix", refCount: 2, protocol: 0, flags: 0x10000, type: 1, state: 1, inode: 9, path: allBytes, fullPath: allBytes };
    const row = unixRow(s, { all: true, listening: false, programs: true }, () => ({ pid: 1, program: escapeSequence }));
    expect(row).toMatch(ONE_SAFE_LINE);
    expect(row.endsWith(`${terminalSafe(allBytes)}\n`)).toBe(true);
  });
});

/** A byte string: the UTF-8 bytes of `text`. */
const utf8 = (text: string): string => Buffer.from(text, "utf8").toString("latin1");

const messageCases = [
  { name: "messageSafe keeps printable ASCII", input: "--port 8080", want: "--port 8080" },
  { name: "messageSafe keeps UTF-8 letters, as typed", input: utf8("josé ٨٠ 😀"), want: utf8("josé ٨٠ 😀") },
  { name: "messageSafe shows ESC of an escape sequence as a dot", input: "\x1b[31mred", want: ".[31mred" },
  { name: "messageSafe shows a newline and a carriage return as dots", input: "a\nb\rc", want: "a.b.c" },
  { name: "messageSafe shows DEL as a dot", input: "a\x7fb", want: "a.b" },
  { name: "messageSafe shows a raw C1 byte (CSI in an 8-bit terminal) as a dot", input: "a\x9b31mb", want: "a.31mb" },
  { name: "messageSafe shows an encoded C1 control as one dot per byte", input: utf8("a\u009bb"), want: "a..b" },
  { name: "messageSafe shows a bidirectional override as one dot per byte", input: utf8("a\u202eb"), want: "a...b" },
  { name: "messageSafe shows a byte that is not UTF-8 as a dot", input: "caf\xe9", want: "caf." },
  { name: "messageSafe shows a truncated sequence byte by byte", input: "a\xe2\x82", want: "a.." },
  { name: "messageSafe shows a character past one byte (text that is not bytes) as a dot", input: "a\u0178b", want: "a.b" },
] as const;

describe("messageSafe", () => {
  for (const c of messageCases) test(c.name, () => expect(messageSafe(c.input)).toBe(c.want));

  test("messageSafe never lets a control byte or a byte that is not UTF-8 through", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const bytes = utf8(s) + s.replace(/[^\x00-\xff]/g, "");
        const safe = messageSafe(bytes);
        expect(safe.length).toBe(bytes.length);
        const text = Buffer.from(safe, "latin1").toString("utf8");
        expect(text).not.toContain("\ufffd");
        expect(text).not.toMatch(/\p{Cc}/u);
      }),
      { seed: 11, numRuns: 2000 },
    );
  });
});

describe("stderrSafe", () => {
  test("stderrSafe keeps the line ends of a message and makes each line safe", () => {
    expect(stderrSafe("netstat-stream: Invalid --state value '\x1b[31mred'\nsecond \x07line\n")).toBe(
      "netstat-stream: Invalid --state value '.[31mred'\nsecond .line\n",
    );
  });

  test("stderrSafe leaves an NDJSON warning line as it is", () => {
    const line = `${JSON.stringify({ kind: "warning", text: "caf\u00e9 \u001b[2J \udcff" })}\n`;
    expect(stderrSafe(utf8(line))).toBe(utf8(line));
  });
});
