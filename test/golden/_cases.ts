/**
 * What the golden suite runs: netstat flag sets per tree, each captured from the real netstat 2.10
 * by scripts/capture-golden-suite.ts into fixtures/golden/TREE/SLUG.{stdout,stderr,code}.
 *
 * Names are never looked up: every flag set that would consult /etc/hosts, /etc/services,
 * /etc/networks, /etc/passwd or DNS carries -n (or --numeric-users), so the goldens hold for any
 * machine and our in-process run reads nothing of the machine's /etc.
 */
import { join } from "node:path";
import { REPO_ROOT } from "../_support/run.ts";
import type { TreeName } from "./_trees.ts";

/** fixtures/golden: one directory per tree. */
export const GOLDEN = join(REPO_ROOT, "fixtures", "golden");

/** One flag set over one tree. */
export interface GoldenCase {
  readonly tree: TreeName;
  readonly args: readonly string[];
  /**
   * `name`: netstat printed its usage, which names netstat-stream in ours (deliberate difference 4);
   * the golden is prepared as test/parity/_compare.ts prepares the oracle's output.
   */
  readonly normalise?: "name";
}

const over = (tree: TreeName, sets: readonly (readonly string[])[]): GoldenCase[] => sets.map((args) => ({ tree, args }));

/** Sockets of tcp, udp, udplite, raw, unix and sctp. */
export const SOCKET_CASES: readonly GoldenCase[] = [
  ...over("live", [
    ["-an"], ["-n"], ["-ln"], ["-tn"], ["-tln"], ["-tuan"], ["-aen"], ["-aeen"], ["-aeon"], ["-anW"], ["-lwn"], ["-Uan"],
    ["-wan"], ["-ax"], ["-x"], ["-lx"], ["-A", "inet6", "-an"], ["-4", "-an"], ["-6", "-ln"], ["-anv"], ["-anp"], ["-tanope"],
    ["-an", "--numeric-hosts", "--numeric-ports", "--numeric-users"],
  ]),
  ...over("sctp", [
    ["-Sn"], ["-San"], ["-Sln"], ["-Saen"], ["-Saeon"], ["-SanW"], ["-San", "-4"], ["-San", "-6"], ["-an"], ["-Sanp"],
  ]),
  ...over("malformed", [["-an"], ["-anW"], ["-atn"], ["-aun"], ["-ax"], ["-ln"], ["-n"]]),
  ...over("synthetic", [["-an"], ["-tn"], ["-tnW"], ["-x"], ["-tneo"]]),
  ...over("empty", [
    ["-an"], ["-t"], ["-u"], ["-U"], ["-w"], ["-x"], ["-S"], ["-anv"], ["-tulpn"], ["-4", "-an"], ["-2"],
  ]),
];

/** AX.25, NET/ROM, ROSE, X.25 and IPX, as the corpus suite reads them (user names numeric). */
const LEGACY_FLAGS: readonly (readonly string[])[] = [
  [], ["-a"], ["-v"], ["-e", "--numeric-users"], ["-an"], ["--ax25"], ["--netrom"], ["--x25"], ["--x25", "-a"], ["--rose"],
  ["--ipx"], ["--ipx", "-e", "--numeric-users"], ["--ipx", "-ee", "-n"], ["-A", "ax25,netrom"], ["-A", "ipx,x25,rose"],
  ["--ipx", "--ax25"], ["-x", "--rose"], ["-t", "--netrom", "-a"], ["--ax25", "-p"],
];

/** The legacy families. */
export const LEGACY_CASES: readonly GoldenCase[] = [
  ...over("legacy", LEGACY_FLAGS),
  ...over("legacy-empty", LEGACY_FLAGS),
  ...over("legacy-old", LEGACY_FLAGS),
  ...over("legacy-bad", [["--ipx"], ["-a"], ["--ipx", "-e", "--numeric-users"]]),
  ...over("legacy-dirs", LEGACY_FLAGS),
];

/** Routes: -e levels, -C/-F, IPv6, families without routes. */
export const ROUTE_CASES: readonly GoldenCase[] = [
  ...over("modes", [
    ["-rn"], ["-rne"], ["-rnee"], ["-rneee"], ["-rneeee"], ["-rnF"], ["-rnC"], ["-rnFC"], ["-rnCe"], ["-rnCee"], ["-rN"],
    ["-r", "--numeric-hosts"], ["-rnv"], ["-rn", "-6"], ["-rnC", "-6"], ["-rnFC", "-6"], ["-rn", "-A", "inet6", "-e"],
    ["-rn", "-6", "-4"], ["-rn", "-4", "-6"], ["-rn", "-A", "inet6,unix"], ["-rn", "-4", "-x"], ["-rn", "-A", "ax25"],
    ["-rn", "-A", "ipx"], ["-rn", "-A", "rose"], ["-rn", "-A", "x25"], ["-rn", "-A", "ddp"], ["-r", "--bluetooth"],
    ["-r", "-A", "econet"], ["-rgn"],
  ]),
  ...over("malformed", [["-rn"], ["-rne"], ["-rnee"]]),
  ...over("route-nomask", [["-rn"], ["-rn", "-e"]]),
  ...over("empty", [["-rn"], ["-rn", "-6"], ["-rnC"]]),
];

/** Multicast groups. */
export const GROUP_CASES: readonly GoldenCase[] = [
  ...over("modes", [["-gn"], ["-gn", "-4"], ["-gn", "-6"], ["-gan"], ["-gtn"], ["-gn", "-x"], ["-gn", "-A", "inet6"], ["--groups", "-n", "-v"]]),
  ...over("malformed", [["-gn"]]),
  ...over("modes-bare", [["-gn"], ["-gn", "-6"]]),
];

/** Statistics with protocol subsets. */
export const STATISTICS_CASES: readonly GoldenCase[] = [
  ...over("modes", [
    ["-s"], ["-st"], ["-su"], ["-sw"], ["-sS"], ["-sU"], ["-s", "-t", "-u"], ["-s", "-6"], ["-s", "-6", "-t"], ["-s", "-6", "-u"],
    ["-s", "-6", "-w"], ["-s", "-4"], ["-s", "-x"], ["-s", "-4", "-6"], ["-s", "--unix"], ["-sg"],
  ]),
  ...over("malformed", [["-s"], ["-st"], ["-s", "-6"], ["-s", "-6", "-t"]]),
  ...over("modes-bare", [["-s"], ["-s", "-6"]]),
];

/** Masquerade (no kernel since 2.4 has the file) and mode conflicts. */
export const OTHER_CASES: readonly GoldenCase[] = [
  ...over("modes", [["-M"], ["-Mn"], ["-Me"], ["-M", "-c"]]),
  ...[["-r", "-i"], ["-s", "-M"], ["-i", "-s"]].map((args): GoldenCase => ({ tree: "modes", args, normalise: "name" })),
];

/**
 * netstat's -i tables, captured with the loopback link up. They are not compared whole (our
 * in-process run asks this machine's kernel, which knows other links); `-I=IFACE` is compared
 * with netstat's table cut to that interface, as test/parity/modes.test.ts does.
 */
export const INTERFACE_CAPTURES: readonly GoldenCase[] = [
  ...over("modes", [["-ia"], ["-iae"]]),
  ...over("modes-bare", [["-ia"], ["-iae"]]),
];

/** Every capture, for scripts/capture-golden-suite.ts. */
export const ALL_CASES: readonly GoldenCase[] = [
  ...SOCKET_CASES, ...LEGACY_CASES, ...ROUTE_CASES, ...GROUP_CASES, ...STATISTICS_CASES, ...OTHER_CASES, ...INTERFACE_CAPTURES,
];

/** The file name stem of a flag set: `-s -6 -t` -> `s_6_t`, no flags -> `none`. */
export function slug(args: readonly string[]): string {
  if (args.length === 0) return "none";
  return args.map((a) => a.replace(/^-+/, "").replace(/[^A-Za-z0-9=,.-]/g, "+")).join("_");
}

/** The golden files of one case, without their extension. */
export function goldenStem(c: GoldenCase): string {
  return join(GOLDEN, c.tree, slug(c.args));
}
