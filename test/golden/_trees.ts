/**
 * The /proc trees of the golden suite: copies of checked-in fixtures (fixtures/proc/NAME/net) and
 * synthetic tables (test/_support/synthetic-proc.ts), built into a temporary directory, so that
 * netstat's capture (scripts/capture-golden-suite.ts) and our in-process run read the same bytes.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../_support/run.ts";
import { tcpRows, unixRows } from "../_support/synthetic-proc.ts";

/** fixtures/proc, the checked-in trees. */
export const FIXTURES = join(REPO_ROOT, "fixtures", "proc");

/** One tree: some of a fixture's net/ files, generated files, or both. */
export interface GoldenTree {
  /** A directory name under fixtures/proc whose net/ is copied (only `only`, when given). */
  readonly fixture?: string;
  /** The fixture's net/ entries to copy (files or directories); every entry when absent. */
  readonly only?: readonly string[];
  /** Generated files: path under the tree -> text (latin1). */
  readonly synthetic?: () => Readonly<Record<string, string>>;
}

/** Every tree, by the name its goldens are filed under (fixtures/golden/NAME). */
export const TREES = {
  live: { fixture: "live" },
  sctp: { fixture: "sctp" },
  // Not ipv6_route: netstat prints a short line with whatever its stack held before.
  malformed: { fixture: "malformed", only: ["tcp", "tcp6", "udp", "udp6", "unix", "snmp", "netstat", "snmp6", "route", "igmp", "igmp6"] },
  "route-nomask": { synthetic: () => ({ "net/route": fixtureText("malformed", "route-nomask") }) },
  modes: { fixture: "modes" },
  // Routes alone: no counters, groups, interface statistics or IPv6 addresses.
  "modes-bare": { fixture: "modes", only: ["route"] },
  legacy: { fixture: "legacy" },
  "legacy-empty": { fixture: "legacy-empty" },
  "legacy-old": { fixture: "legacy-old" },
  "legacy-bad": { fixture: "legacy-bad" },
  "legacy-dirs": { fixture: "legacy-dirs" },
  // --summary's files: IPv4 and IPv6 sockets; IPv4 only; no sockstat6 (a kernel without IPv6); no snmp.
  summary: { fixture: "summary" },
  "summary-v4": { fixture: "summary-v4" },
  "summary-no6": { fixture: "summary-v4", only: ["sockstat", "snmp"] },
  "summary-no-snmp": { fixture: "summary", only: ["sockstat", "sockstat6"] },
  // An empty net/: every table missing.
  empty: {},
  synthetic: { synthetic: () => ({ "net/tcp": tcpRows(200), "net/unix": unixRows(200) }) },
} as const satisfies Readonly<Record<string, GoldenTree>>;

/** The name of one of {@linkcode TREES}. */
export type TreeName = keyof typeof TREES;

function fixtureText(fixture: string, file: string): string {
  return readFileSync(join(FIXTURES, fixture, "net", file), "latin1");
}

/** Builds tree `name` in a new temporary directory and returns its path (remove it with removeTree). */
export function buildTree(name: TreeName): string {
  const tree: GoldenTree = TREES[name];
  const dir = mkdtempSync(join(tmpdir(), `nss-golden-${name}-`));
  mkdirSync(join(dir, "net"));
  if (tree.fixture !== undefined) {
    const from = join(FIXTURES, tree.fixture, "net");
    if (tree.only === undefined) cpSync(from, join(dir, "net"), { recursive: true });
    else for (const entry of tree.only) cpSync(join(from, entry), join(dir, "net", entry), { recursive: true });
  }
  for (const [path, text] of Object.entries(tree.synthetic?.() ?? {})) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), Buffer.from(text, "latin1"));
  }
  return dir;
}

/** Removes a tree made by buildTree. */
export function removeTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
