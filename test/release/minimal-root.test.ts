/**
 * The single binary on a bare server: a chroot holding only the executable,
 * the libraries `ldd` names and a mounted /proc (no /etc at all). netstat
 * itself, copied into a second root of the same kind, is the oracle for every
 * mode it has; both run in one private network namespace over the same
 * sockets (the parity harness's namespace and fixture), so names that are
 * missing fall back to numbers in both.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { buildExecutable, DEFAULT_BUILD } from "../../scripts/build.ts";
import { createNetns, type Netns } from "../_support/netns.ts";
import { createRoot, runCommand, runInRoot, type MinimalRoot, type RunResult } from "../_support/minimal-root.ts";

const ROOT = resolve(import.meta.dir, "../..");
const BINARY = join(ROOT, "dist/netstat-stream");
const NETSTAT = "/usr/bin/netstat";
const MUSL_LOADER = "/lib/ld-musl-x86_64.so.1";

const why = ((): string | undefined => {
  if (process.getuid?.() !== 0) return "needs root for ip netns, mount and chroot";
  for (const tool of ["ip", "unshare", "chroot", "python3", "ldd"]) {
    if (runCommand(["sh", "-c", `command -v ${tool}`]).code !== 0) return `needs ${tool}`;
  }
  if (!existsSync(NETSTAT)) return `needs ${NETSTAT} as the oracle`;
  if (!existsSync(BINARY)) return `needs ${BINARY} (npm run build)`;
  return undefined;
})();
if (why !== undefined) console.warn(`minimal-root tests skipped: ${why}`);

/** Runs without -n may wait for the resolver at 127.0.0.1 (absent /etc/resolv.conf) up to the DNS budget. */
const SLOW_MS = 20_000;

// A small socket set of our own: the parity fixture binds udp/53, where a root without
// /etc/resolv.conf sends its DNS queries, so every lookup would wait for a timeout.
// Listeners on ports /etc/services names (22 ssh, 123 ntp), on loopback that /etc/hosts
// names, and one established pair, so that only the missing databases decide the text.
const FIXTURE = `
import socket, sys, select
t = socket.socket(); t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(("127.0.0.1", 22)); t.listen(8)
t6 = socket.socket(socket.AF_INET6); t6.bind(("::1", 22)); t6.listen(8)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 123))
c = socket.create_connection(("127.0.0.1", 22)); a, _ = t.accept()
print("READY", flush=True)
select.select([sys.stdin], [], [], 300)
`;

async function startSmallFixture(netns: Netns): Promise<void> {
  const proc = Bun.spawn(["ip", "netns", "exec", netns.name, "python3", "-c", FIXTURE], {
    stdin: "pipe",
    stdout: "pipe",
    stderr: "inherit",
  });
  netns.track(proc.pid);
  const reader = proc.stdout.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const first = await Promise.race([
    reader.read(),
    new Promise<undefined>((done) => (timer = setTimeout(() => done(undefined), 15_000))),
  ]);
  clearTimeout(timer);
  reader.releaseLock();
  if (first?.value === undefined || !Buffer.from(first.value).toString().startsWith("READY")) {
    throw new Error("Cannot start the socket fixture in the namespace");
  }
}

let ns: Netns | undefined;
let ours: MinimalRoot | undefined;
let oracle: MinimalRoot | undefined;
const seen = new Map<string, { ours: RunResult; netstat: RunResult }>();

/** Both tools, same flags, same namespace and sockets: netstat first, then ours (remembered per flag set). */
function both(args: readonly string[]): { ours: RunResult; netstat: RunResult } {
  const key = args.join(" ");
  let r = seen.get(key);
  if (r === undefined) {
    r = {
      netstat: runInRoot(ns!.name, oracle!, ["/netstat", ...args]),
      ours: runInRoot(ns!.name, ours!, ["/netstat-stream", ...args]),
    };
    seen.set(key, r);
  }
  return r;
}

describe.skipIf(why !== undefined)("minimal root (glibc build)", () => {
  beforeAll(async () => {
    ns = await createNetns("nssroot");
    await startSmallFixture(ns);
    ours = createRoot("nss-root-ours-", { [BINARY]: "/netstat-stream" }, true);
    oracle = createRoot("nss-root-netstat-", { [NETSTAT]: "/netstat" }, true);
  }, 30_000);

  afterAll(async () => {
    await ns?.destroy();
    ours?.remove();
    oracle?.remove();
  }, 30_000);

  test("the root holds no /etc at all", () => {
    expect(existsSync(join(ours!.dir, "etc"))).toBe(false);
    expect(existsSync(join(oracle!.dir, "etc"))).toBe(false);
  });

  // -i and -s print counters that traffic in the namespace may move: ours is compared with a
  // netstat run before and after it that agree with each other (up to three tries).
  const parityCases: readonly { readonly name: string; readonly args: readonly string[]; readonly counters: boolean }[] = [
    { name: "-tulpn", args: ["-tulpn"], counters: false },
    { name: "-ta", args: ["-ta"], counters: false },
    { name: "-r", args: ["-r"], counters: false },
    { name: "-i", args: ["-i"], counters: true },
    { name: "-s", args: ["-s"], counters: true },
  ];
  for (const c of parityCases) {
    const name = `${c.name} prints what netstat prints in the same bare root`;
    const body = (): void => {
      let r = both(c.args);
      for (let attempt = 1; c.counters && attempt < 3; attempt++) {
        const after = runInRoot(ns!.name, oracle!, ["/netstat", ...c.args]);
        if (after.stdout === r.netstat.stdout) break;
        r = {
          netstat: after,
          ours: runInRoot(ns!.name, ours!, ["/netstat-stream", ...c.args]),
        };
      }
      expect(r.ours.stdout).toBe(r.netstat.stdout);
      expect(r.ours.stderr).toBe(r.netstat.stderr);
      expect(r.ours.code).toBe(r.netstat.code);
    };
    test(name, body, SLOW_MS);
  }

  test("-ta falls back to numbers for the ssh port and localhost", () => {
    const { ours: r } = both(["-ta"]);
    expect(r.stdout).toContain("127.0.0.1:22 ");
    expect(r.stdout).not.toContain("ssh");
    expect(r.stdout).not.toContain("localhost");
  }, SLOW_MS);

  const jsonBody = (): void => {
    const r = runInRoot(ns!.name, ours!, ["/netstat-stream", "--json", "-ta"]);
    expect(r.code).toBe(0);
    const records = r.stdout
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const listener = records.find((x) => x["local_port_num"] === 22 && x["state"] === "LISTEN" && x["local_ip"] === "127.0.0.1");
    expect(listener).toBeDefined();
    // No /etc/services and no /etc/hosts: the names are the numbers.
    expect(listener!["local_port"]).toBe("22");
    expect(listener!["local_address"]).toBe("127.0.0.1");
  };
  test("--json -ta gives numbers where names are missing", jsonBody, SLOW_MS);
});

describe.skipIf(why !== undefined || !existsSync(MUSL_LOADER))("minimal root (musl build)", () => {
  let dir = "";
  let musl = "";
  let root: MinimalRoot | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nss-musl-build-"));
    musl = join(dir, "netstat-stream-linux-x64-musl");
    // Bun fetches the musl runtime from the npm registry once and caches it.
    await buildExecutable({ ...DEFAULT_BUILD, target: "bun-linux-x64-musl", outfile: musl });
    root = createRoot("nss-root-musl-", { [musl]: "/netstat-stream", [MUSL_LOADER]: MUSL_LOADER }, false);
  }, 120_000);

  afterAll(() => {
    root?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the musl build asks the loader for nothing beyond what Alpine's libstdc++ and libgcc packages hold", () => {
    // musl's loader lists a program's libraries when invoked as ldd; missing ones are named in errors.
    const r = runCommand(["chroot", root!.dir, MUSL_LOADER, "--list", "/netstat-stream"]);
    const missing = [...r.stderr.matchAll(/Error loading shared library ([^:]+):/g)].map((m) => m[1] ?? "");
    for (const lib of missing) expect(["libstdc++.so.6", "libgcc_s.so.1"]).toContain(lib);
    expect(r.stdout + r.stderr).toContain("libc.musl-x86_64.so.1");
  });

  test.todo(
    "the musl build runs -tulpn in a root holding only Debian's musl loader (pending: Bun's musl runtime links libstdc++.so.6, which Debian does not build for musl)",
    async () => {
      const musl = await createNetns("nssmusl");
      try {
        const r = runInRoot(musl.name, root!, ["/netstat-stream", "-tulpn"]);
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(r.stdout).toStartWith("Active Internet connections (only servers)\n");
      } finally {
        await musl.destroy();
      }
    },
  );
});
