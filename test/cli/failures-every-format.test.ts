/**
 * Every format reports the failures text mode reports, with the same exit
 * status: a table the kernel lacks, one that cannot be read, a family netstat
 * does not support, an interface that is not there. Text mode is held to the
 * real netstat by the parity suites; here each record format (--json,
 * --format table, --watch, --watch --json) is held to text mode, in-process,
 * over the same proc trees.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { run } from "../../src/cli/run.ts";
import { withoutPollsNote } from "../_support/polls-note.ts";

const FIXTURES = resolve(import.meta.dir, "..", "..", "fixtures", "proc");

interface Result {
  readonly out: string;
  readonly err: string;
  readonly code: number;
}

/** Runs in-process over `root`; a run still going after `stopAfterMs` (a --watch) gets SIGTERM. */
async function ours(root: string, args: readonly string[], stopAfterMs = 400): Promise<Result> {
  let out = "";
  let err = "";
  let stop: ((signal: "SIGTERM") => void) | undefined;
  const timer = setTimeout(() => stop?.("SIGTERM"), stopAfterMs);
  try {
    const code = await run("netstat", ["--proc-root", root, ...args], {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      euid: 0,
      onSignal: (handler) => {
        stop = handler;
        return () => (stop = undefined);
      },
    });
    return { out: out.replaceAll(root, "/proc"), err: err.replaceAll(root, "/proc"), code };
  } finally {
    clearTimeout(timer);
  }
}

const lines = (text: string): string[] => text.split("\n").filter((l) => l !== "");

/**
 * Whether the record run said what the text run said: every stderr line of the text, in order,
 * and nothing else but lines the text printed on stdout (netstat prints some messages there,
 * which record formats move to stderr to keep stdout for records).
 */
function sameFailure(text: Result, records: Result): void {
  const said = lines(withoutPollsNote(records.err));
  let at = 0;
  for (const line of said) if (line === lines(text.err)[at]) at++;
  expect({ missing: lines(text.err).slice(at) }).toEqual({ missing: [] });
  const allowed = new Set([...lines(text.err), ...lines(text.out)]);
  expect(said.filter((l) => !allowed.has(l))).toEqual([]);
  expect(records.code).toBe(text.code);
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A proc root holding `net/` and what `build` puts there. */
function tree(build: (net: string) => void): string {
  const root = mkdtempSync(join(tmpdir(), "nss-failures-"));
  made.push(root);
  mkdirSync(join(root, "net"));
  build(join(root, "net"));
  return root;
}

const SOCKET_TABLES = ["tcp", "tcp6", "udp", "udp6", "udplite", "udplite6", "raw", "raw6", "unix", "sctp/eps", "sctp/assocs"];
const MODE_FILES = ["igmp", "igmp6", "route", "ipv6_route", "rt_cache", "snmp", "netstat", "snmp6", "dev"];

/** The kinds of failure, each a proc tree. */
const ROOTS = {
  /** A kernel without any of the tables: every one is missing (ENOENT). */
  "no tables": tree(() => undefined),
  /**
   * Every table opens but cannot be read: a directory stands in its place (EISDIR). netstat 2.10
   * itself loops forever reading such a file, so here text mode's answer (the path and its error,
   * status 255; see test/cli/run.test.ts) is the reference, not netstat's.
   */
  "unreadable tables": tree((net) => {
    for (const f of [...SOCKET_TABLES, ...MODE_FILES]) mkdirSync(join(net, f), { recursive: true });
  }),
  /** TCP is there, UDP and the rest are not: what was read before the failure is still listed. */
  "only tcp": tree((net) => {
    cpSync(join(FIXTURES, "live", "net", "tcp"), join(net, "tcp"));
    cpSync(join(FIXTURES, "live", "net", "tcp6"), join(net, "tcp6"));
  }),
  /** IPv4 tables missing, IPv6 ones there: netstat reports the IPv4 file, lists IPv6, then fails. */
  "only ipv6": tree((net) => {
    for (const f of ["tcp6", "udp6", "raw6"]) cpSync(join(FIXTURES, "live", "net", f), join(net, f));
  }),
  /** The mode files, without the socket tables. */
  "modes only": tree((net) => {
    for (const f of MODE_FILES) {
      try {
        cpSync(join(FIXTURES, "modes", "net", f), join(net, f));
      } catch {
        // Not every mode file is in the fixture; a missing one is one more failure to compare.
      }
    }
  }),
} as const;

/** Socket listings: every protocol and family flag on its own, some together, and -v. */
const SOCKET_FLAGS: readonly (readonly string[])[] = [
  ["-t"], ["-u"], ["-U"], ["-w"], ["-S"], ["-Sl"], ["-Sa"], ["-x"],
  ["--ipx"], ["--ax25"], ["--x25"], ["--netrom"], ["--rose"], ["--l2cap"], ["--rfcomm"], ["--bluetooth"],
  ["-tu"], ["-ut"], ["-tuw"], ["-t", "-6"], ["-t", "-4"], ["-a"], ["-an"], ["-l"], ["-v"], ["-tv"], ["-tx"],
  ["-g"], ["-gt"], ["-gx"], ["-g", "-6"],
];

/** The other modes, with their own failures (unsupported families, a missing interface). */
const MODE_FLAGS: readonly (readonly string[])[] = [
  ["-r"], ["-r", "-6"], ["-r", "-A", "inet,inet6"], ["-rC"], ["-r", "-A", "ipx"], ["-r", "-A", "unix"], ["-r", "-A", "ax25"],
  ["-i"], ["-ia"], ["-I=nss-none0"], ["-ie"],
  ["-s"], ["-s", "-6"], ["-st"], ["-su"], ["-sw"], ["-sS"], ["-s", "-A", "unix"],
  ["-M"],
];

const RECORD_FORMATS: readonly (readonly string[])[] = [["--json"], ["--format", "table"]];
const WATCH_FORMATS: readonly (readonly string[])[] = [
  ["--watch", "--interval", "20ms"],
  ["--watch", "--json", "--interval", "20ms"],
];

for (const [kind, root] of Object.entries(ROOTS)) {
  describe(`run over a proc root with ${kind}`, () => {
    for (const flags of [...SOCKET_FLAGS, ...MODE_FLAGS]) {
      const sockets = SOCKET_FLAGS.includes(flags);
      // --watch lists sockets only, and refuses -g.
      const watchable = sockets && !flags.some((f) => f.startsWith("-g"));
      for (const format of [...RECORD_FORMATS, ...(watchable ? WATCH_FORMATS : [])]) {
        test(`run ${[...flags, ...format].join(" ")} reports what text mode reports, with its status`, async () => {
          // --watch lists listeners with connections unless -l, as -a does; -n keeps every run off the resolver.
          const watch = format.includes("--watch") && !flags.some((f) => /^-[^-]*l/.test(f));
          const text = await ours(root, [...flags, "-n", ...(watch ? ["-a"] : [])]);
          const records = await ours(root, [...flags, "-n", ...format]);
          sameFailure(text, records);
        });
      }
    }
  });
}

describe("records read before a failure", () => {
  test("run -tun --json lists the TCP records text lists, then fails where text fails", async () => {
    const text = await ours(ROOTS["only tcp"], ["-tun"]);
    const records = await ours(ROOTS["only tcp"], ["-tun", "--json"]);
    expect(text.code).toBe(1);
    const rows = lines(text.out).filter((l) => l.startsWith("tcp"));
    expect(rows.length).toBeGreaterThan(0);
    expect(lines(records.out).length).toBe(rows.length);
    sameFailure(text, records);
  });

  test("run -tn --json without net/tcp still lists tcp6, as text does, before status 1", async () => {
    const text = await ours(ROOTS["only ipv6"], ["-tn"]);
    const records = await ours(ROOTS["only ipv6"], ["-tn", "--json"]);
    expect(text.code).toBe(1);
    const rows = lines(text.out).filter((l) => l.startsWith("tcp6"));
    expect(rows.length).toBeGreaterThan(0);
    expect(lines(records.out).map((l) => (JSON.parse(l) as { proto: string }).proto)).toEqual(rows.map(() => "tcp6"));
    sameFailure(text, records);
  });
});

describe("-g memberships keep netstat's place between the Internet sections and unix", () => {
  test("run -gx --format table without igmp shows no unix table, as text shows no unix section", async () => {
    const text = await ours(ROOTS["no tables"], ["-gxn"]);
    const table = await ours(ROOTS["no tables"], ["-gxn", "--format", "table"]);
    expect(text.code).toBe(1);
    expect(text.out).not.toContain("UNIX");
    expect(table.out).not.toContain("I-Node");
    sameFailure(text, table);
  });

  test("run -gx --json without unix lists the memberships text lists, then fails at unix", async () => {
    const text = await ours(ROOTS["modes only"], ["-gxn"]);
    const records = await ours(ROOTS["modes only"], ["-gxn", "--json"]);
    expect(text.code).toBe(1);
    // Membership rows: Interface, RefCnt, Group.
    const rows = lines(text.out).filter((l) => /^\S+ +[0-9]+ +\S+$/.test(l));
    expect(rows.length).toBeGreaterThan(0);
    expect(lines(records.out).map((l) => (JSON.parse(l) as { kind: string }).kind)).toEqual(rows.map(() => "group"));
    sameFailure(text, records);
  });
});

describe("legacy families, which have no records", () => {
  const legacy = join(FIXTURES, "legacy");
  const families = { "--ipx": "IPX", "--ax25": "AX.25", "--netrom": "NET/ROM", "--rose": "ROSE" } as const;
  for (const [flag, name] of Object.entries(families)) {
    for (const format of [...RECORD_FORMATS, ...WATCH_FORMATS]) {
      test(`run ${flag} ${format.join(" ")} says in one sentence that its sockets are listed in text only, with status 1`, async () => {
        const text = await ours(legacy, [flag, "-n"]);
        expect(text.code).toBe(0);
        expect(lines(text.out).length).toBeGreaterThan(1);
        const records = await ours(legacy, [flag, "-n", ...format]);
        expect(records).toEqual({
          out: "",
          err: `netstat-stream: ${name} sockets have no records; they are listed in netstat text only (without --json, --format or --watch)\n`,
          code: 1,
        });
      });
    }
  }
});
