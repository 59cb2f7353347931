import { afterAll, expect, test } from "bun:test";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { isTerminal } from "../../src/cli/terminal.ts";

const dir = mkdtempSync(join(tmpdir(), "nss-terminal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases = [
  { name: "/dev/null (a character device that is no terminal)", path: "/dev/null" },
  { name: "/dev/zero", path: "/dev/zero" },
  { name: "a regular file", path: join(dir, "file") },
] as const;
for (const c of cases) {
  test(`isTerminal is false for ${c.name}`, () => {
    writeFileSync(join(dir, "file"), "");
    const fd = openSync(c.path, "r");
    try {
      expect(isTerminal(fd)).toBe(false);
    } finally {
      closeSync(fd);
    }
  });
}

test("isTerminal is false for a closed descriptor", () => {
  const fd = openSync("/dev/null", "r");
  closeSync(fd);
  expect(isTerminal(fd)).toBe(false);
});

/** Runs isTerminal(1) in a child whose stdout is the given kind of file; prints true or false. */
function child(stdout: "pty" | "pipe"): string {
  const module = resolve(import.meta.dir, "../../src/cli/terminal.ts");
  const code = `import { isTerminal } from ${JSON.stringify(module)}; process.stderr.write(String(isTerminal(1)));`;
  const argv = [process.execPath, "-e", code];
  // Only the child's stdout is the pseudo-terminal (or a pipe); it reports on stderr, a pipe.
  const py = `import pty, subprocess, sys
master, slave = pty.openpty()
r = subprocess.run(sys.argv[1:], stdout=${stdout === "pty" ? "slave" : "subprocess.PIPE"}, stderr=subprocess.PIPE)
sys.stdout.write(r.stderr.decode())`;
  const r = Bun.spawnSync(["python3", "-c", py, ...argv], { stdout: "pipe", stderr: "pipe" });
  return r.stdout.toString();
}

test("isTerminal is true for a pseudo-terminal and false for a pipe, as isatty(3) is", () => {
  expect(child("pty")).toBe("true");
  expect(child("pipe")).toBe("false");
});
