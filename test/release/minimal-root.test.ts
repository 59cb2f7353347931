/**
 * The single binary on a bare server: a chroot holding only the executable,
 * the libraries `ldd` names and a mounted /proc (no /etc at all). netstat
 * itself, copied into a second root of the same kind, is the oracle for every
 * mode it has; both run in one private network namespace over the same
 * sockets (a small fixture of our own), so names that are missing fall back
 * to numbers in both.
 *
 * The musl build runs the same cases in a root holding musl's loader (Debian's
 * `musl` package, as on Alpine), the executable, and the libstdc++.so.6 that
 * Bun's musl runtime links: a stand-in linked from Debian's GCC archives by
 * scripts/musl-libstdcxx.sh, since Debian builds no libstdc++ for musl.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { buildExecutable, DEFAULT_BUILD } from "../../scripts/build.ts";
import { createNetns, type Netns } from "../_support/netns.ts";
import { createRoot, runCommand, runInRoot, type MinimalRoot, type RunResult } from "../_support/minimal-root.ts";

const ROOT = resolve(import.meta.dir, "../..");
const BINARY = join(ROOT, "dist/netstat-stream");
const NETSTAT = "/usr/bin/netstat";
const MUSL_LOADER = "/lib/ld-musl-x86_64.so.1";
/** What scripts/musl-libstdcxx.sh links the stand-in libstdc++.so.6 from. */
const GCC_ARCHIVE = "/usr/lib/gcc/x86_64-linux-gnu/12/libstdc++.a";

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

const whyMusl = ((): string | undefined => {
  if (!existsSync(MUSL_LOADER)) return `needs the musl loader ${MUSL_LOADER} (Debian package musl)`;
  if (!existsSync(GCC_ARCHIVE)) return `needs the g++ archives at ${GCC_ARCHIVE} (Debian package libstdc++-12-dev)`;
  for (const tool of ["gcc", "nm", "readelf"]) {
    if (runCommand(["sh", "-c", `command -v ${tool}`]).code !== 0) return `needs ${tool}`;
  }
  return undefined;
})();
if (why === undefined && whyMusl !== undefined) console.warn(`minimal-root tests of the musl build skipped: ${whyMusl}`);

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

/** The two roots a parity case compares, and the namespace both run in. */
interface ParityContext {
  readonly netns: string;
  /** Holds netstat-stream as /netstat-stream. */
  readonly ours: MinimalRoot;
  /** Holds net-tools netstat as /netstat, with the libraries `ldd` names for it. */
  readonly oracle: MinimalRoot;
}

/** The modes compared in every bare root; `counters`: its numbers may move with traffic in the namespace. */
const PARITY_CASES: readonly { readonly name: string; readonly args: readonly string[]; readonly counters: boolean }[] = [
  { name: "-tulpn", args: ["-tulpn"], counters: false },
  { name: "-ta", args: ["-ta"], counters: false },
  { name: "-r", args: ["-r"], counters: false },
  { name: "-i", args: ["-i"], counters: true },
  { name: "-s", args: ["-s"], counters: true },
];

/**
 * The parity cases for one build: netstat-stream in its bare root against netstat in its own,
 * same flags, same namespace and sockets. `label` names the root in the test names; `context`
 * is read only when a test runs (after the describe's beforeAll has built the roots).
 */
function defineParityCases(label: string, context: () => ParityContext): void {
  const seen = new Map<string, { ours: RunResult; netstat: RunResult }>();
  const runOurs = (args: readonly string[]): RunResult => {
    const c = context();
    return runInRoot(c.netns, c.ours, ["/netstat-stream", ...args]);
  };
  const runNetstat = (args: readonly string[]): RunResult => {
    const c = context();
    return runInRoot(c.netns, c.oracle, ["/netstat", ...args]);
  };
  /** Both tools, same flags: netstat first, then ours (remembered per flag set). */
  const both = (args: readonly string[]): { ours: RunResult; netstat: RunResult } => {
    const key = args.join(" ");
    let r = seen.get(key);
    if (r === undefined) {
      r = { netstat: runNetstat(args), ours: runOurs(args) };
      seen.set(key, r);
    }
    return r;
  };

  test(`the ${label} and netstat's root hold no /etc at all`, () => {
    expect(existsSync(join(context().ours.dir, "etc"))).toBe(false);
    expect(existsSync(join(context().oracle.dir, "etc"))).toBe(false);
  });

  // -i and -s print counters that traffic in the namespace may move: ours is compared with a
  // netstat run before and after it that agree with each other (up to three tries).
  for (const c of PARITY_CASES) {
    const body = (): void => {
      let r = both(c.args);
      for (let attempt = 1; c.counters && attempt < 3; attempt++) {
        const after = runNetstat(c.args);
        if (after.stdout === r.netstat.stdout) break;
        r = { netstat: after, ours: runOurs(c.args) };
      }
      expect(r.ours.stdout).toBe(r.netstat.stdout);
      expect(r.ours.stderr).toBe(r.netstat.stderr);
      expect(r.ours.code).toBe(r.netstat.code);
    };
    test(`${c.name} in the ${label} prints what netstat prints in its bare root`, body, SLOW_MS);
  }

  test(`-ta in the ${label} falls back to numbers for the ssh port and localhost`, () => {
    const { ours: r } = both(["-ta"]);
    expect(r.stdout).toContain("127.0.0.1:22 ");
    expect(r.stdout).not.toContain("ssh");
    expect(r.stdout).not.toContain("localhost");
  }, SLOW_MS);

  test(`--json -ta in the ${label} gives numbers where names are missing`, () => {
    const r = runOurs(["--json", "-ta"]);
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
  }, SLOW_MS);
}

describe.skipIf(why !== undefined)("minimal root (glibc build)", () => {
  let context: ParityContext | undefined;
  let ns: Netns | undefined;
  const roots: MinimalRoot[] = [];

  beforeAll(async () => {
    ns = await createNetns("nssroot");
    await startSmallFixture(ns);
    const ours = createRoot("nss-root-ours-", { [BINARY]: "/netstat-stream" }, true);
    roots.push(ours);
    const oracle = createRoot("nss-root-netstat-", { [NETSTAT]: "/netstat" }, true);
    roots.push(oracle);
    context = { netns: ns.name, ours, oracle };
  }, 30_000);

  afterAll(async () => {
    await ns?.destroy();
    for (const root of roots) root.remove();
  }, 30_000);

  defineParityCases("glibc build's root", () => context!);
});

describe.skipIf(why !== undefined || whyMusl !== undefined)("minimal root (musl build)", () => {
  let dir = "";
  let musl = "";
  let bare: MinimalRoot | undefined;
  let context: ParityContext | undefined;
  let ns: Netns | undefined;
  const roots: MinimalRoot[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nss-musl-build-"));
    musl = join(dir, "netstat-stream-linux-x64-musl");
    // Bun fetches the musl runtime from the npm registry once and caches it.
    await buildExecutable({ ...DEFAULT_BUILD, target: "bun-linux-x64-musl", outfile: musl });
    const linked = runCommand(["bash", join(ROOT, "scripts/musl-libstdcxx.sh"), join(dir, "lib"), musl], 120_000);
    if (linked.code !== 0) throw new Error(`Cannot link the stand-in libstdc++.so.6: ${linked.stderr.trim()}`);
    bare = createRoot("nss-root-musl-bare-", { [musl]: "/netstat-stream", [MUSL_LOADER]: MUSL_LOADER }, false);
    roots.push(bare);
    const ours = createRoot(
      "nss-root-musl-",
      { [musl]: "/netstat-stream", [MUSL_LOADER]: MUSL_LOADER, [join(dir, "lib/libstdc++.so.6")]: "/lib/libstdc++.so.6" },
      false,
    );
    roots.push(ours);
    const oracle = createRoot("nss-root-netstat-", { [NETSTAT]: "/netstat" }, true);
    roots.push(oracle);
    ns = await createNetns("nssmusl");
    await startSmallFixture(ns);
    context = { netns: ns.name, ours, oracle };
  }, 180_000);

  afterAll(async () => {
    await ns?.destroy();
    for (const root of roots) root.remove();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  test("in a root holding only the musl loader, the loader names libstdc++.so.6 as the one library missing", () => {
    // musl's loader lists a program's libraries when invoked as ldd; missing ones are named in errors.
    const r = runCommand(["chroot", bare!.dir, MUSL_LOADER, "--list", "/netstat-stream"]);
    const missing = [...r.stderr.matchAll(/Error loading shared library ([^:]+):/g)].map((m) => m[1]);
    expect(missing).toEqual(["libstdc++.so.6"]);
    expect(r.stdout).toContain("libc.musl-x86_64.so.1 => /lib/ld-musl-x86_64.so.1");
    expect(r.code).not.toBe(0);
    expect(readdirSync(bare!.dir).sort()).toEqual(["lib", "netstat-stream", "proc"]);
  });

  test("the musl root holds only the loader, the stand-in libstdc++.so.6 and the executable", () => {
    expect(readdirSync(context!.ours.dir).sort()).toEqual(["lib", "netstat-stream", "proc"]);
    expect(readdirSync(join(context!.ours.dir, "lib")).sort()).toEqual(["ld-musl-x86_64.so.1", "libstdc++.so.6"]);
  });

  defineParityCases("musl build's root", () => context!);
});
