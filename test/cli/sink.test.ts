import { afterAll, expect, test } from "bun:test";
import { closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fdStreams, ReaderGoneError, WriteError } from "../../src/cli/sink.ts";
import { pausedFifo as pausedFifoIn, type PausedFifo } from "../_support/fifo.ts";

const dir = mkdtempSync(join(tmpdir(), "nss-sink-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pausedFifo = (name: string, writeFlags = 0): PausedFifo => pausedFifoIn(dir, name, writeFlags);

/** `count` numbered lines, `width` bytes each with the newline. */
function lines(count: number, width = 100): string {
  return Array.from({ length: count }, (_, i) => `${String(i).padStart(width - 1, "x")}\n`).join("");
}

test("fdStreams writes each text byte for byte, a short one after a long one included", () => {
  const file = join(dir, "out");
  const fd = openSync(file, "w");
  const every = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join("");
  const texts = ["x".repeat(300_000) + "\n", every, "short\n", "", every.repeat(3)];
  try {
    const sink = fdStreams(fd, fd).stdout;
    for (const text of texts) sink(text);
  } finally {
    closeSync(fd);
  }
  expect(readFileSync(file)).toEqual(Buffer.from(texts.join(""), "latin1"));
});

for (const [name, flags] of [
  ["blocking", 0],
  ["O_NONBLOCK", constants.O_NONBLOCK],
] as const) {
  test(`fdStreams returns at once on a full ${name} pipe, leaves only whole lines in it, and writes the rest once it drains`, async () => {
    const fifo = pausedFifo(`paused-${name}`, flags);
    try {
      const streams = fdStreams(fifo.write, fifo.write);
      const text = lines(20_000); // 2 MB: thirty times what the pipe holds
      // Were the write to block, this test would hang here: nobody reads the pipe yet.
      streams.stdout(text);
      let done = false;
      const flushed = streams.flushed().then(() => (done = true));
      await Bun.sleep(50);
      expect(done).toBe(false);
      const first = fifo.drain();
      expect(first.length).toBeGreaterThan(0);
      expect(first.length).toBeLessThan(text.length);
      expect(first.at(-1)).toBe(10);
      let seen = first;
      for (let i = 0; i < 10_000 && !done; i++) {
        await Bun.sleep(1);
        seen = Buffer.concat([seen, fifo.drain()]);
      }
      await flushed;
      seen = Buffer.concat([seen, fifo.drain()]);
      expect(seen.equals(Buffer.from(text, "latin1"))).toBe(true);
    } finally {
      fifo.close();
    }
  });
}

test("fdStreams keeps stdout and stderr in order while they wait for one slow reader", async () => {
  const fifo = pausedFifo("order");
  try {
    // A second open file description on the same pipe, as `2>&1` would not make but a shared pipe does.
    const stderr = openSync(fifo.path, constants.O_WRONLY);
    const streams = fdStreams(fifo.write, stderr);
    const parts = [lines(2_000, 50), "warning\n", lines(2_000, 60), "last\n"];
    streams.stdout(parts[0]!);
    streams.stderr(parts[1]!);
    streams.stdout(parts[2]!);
    streams.stderr(parts[3]!);
    let seen = Buffer.alloc(0);
    let done = false;
    const flushed = streams.flushed().then(() => (done = true));
    for (let i = 0; i < 10_000 && !done; i++) {
      await Bun.sleep(1);
      seen = Buffer.concat([seen, fifo.drain()]);
    }
    await flushed;
    seen = Buffer.concat([seen, fifo.drain()]);
    expect(seen.toString("latin1")).toBe(parts.join(""));
    closeSync(stderr);
  } finally {
    fifo.close();
  }
});

test("fdStreams fails stdout once with ENOSPC on /dev/full, drops its later texts and still writes stderr", async () => {
  const full = openSync("/dev/full", "w");
  const errFile = join(dir, "err");
  const errFd = openSync(errFile, "w");
  try {
    const streams = fdStreams(full, errFd);
    expect(() => streams.stdout("a line\n")).toThrow(WriteError);
    expect(() => streams.stdout("another\n")).toThrow("Cannot write to standard output: No space left on device");
    streams.stderr("said on stderr\n");
    await expect(streams.flushed()).rejects.toBeInstanceOf(WriteError);
    expect(readFileSync(errFile, "latin1")).toBe("said on stderr\n");
  } finally {
    closeSync(full);
    closeSync(errFd);
  }
});

test("fdStreams tells a reader that went away (EPIPE) apart from a write error", () => {
  const fifo = pausedFifo("gone");
  closeSync(fifo.read);
  try {
    const streams = fdStreams(fifo.write, fifo.write);
    expect(() => streams.stdout("x\n")).toThrow(ReaderGoneError);
  } finally {
    closeSync(fifo.write);
  }
});

test("fdStreams started with a failed stdout writes nothing and says why when flushed", async () => {
  const file = join(dir, "closed");
  const fd = openSync(file, "w");
  try {
    const streams = fdStreams(fd, fd, new WriteError("EBADF"));
    await expect(streams.flushed()).rejects.toThrow("Cannot write to standard output: Bad file descriptor");
    expect(() => streams.stdout("x\n")).toThrow(WriteError);
  } finally {
    closeSync(fd);
  }
  expect(readFileSync(file, "latin1")).toBe("");
});
