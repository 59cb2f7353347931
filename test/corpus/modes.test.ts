/**
 * Counter, route and group files from other machines (../shared/corpus) and from this project's
 * fixtures (live captures and malformed variants), read by the real netstat (tree bind-mounted
 * over /proc) and by ours (--proc-root): stdout, stderr and status must match.
 */
import { join } from "node:path";
import { netnsAvailable } from "../_support/netns.ts";
import { CORPUS, corpusAvailable, describeTreeParity, type TreeCase } from "../_support/tree.ts";

const FIXTURES = join(import.meta.dir, "..", "..", "fixtures", "proc");
const available = await netnsAvailable();
if (!available.ok) console.warn(`SKIPPED modes over captured trees: ${available.why}`);
if (!corpusAvailable) console.warn(`SKIPPED shared corpus counter cases: ${CORPUS} is not beside the project`);

const STATS_V4: readonly (readonly string[])[] = [["-s"], ["-st"], ["-su"], ["-sw"], ["-sS"], ["-sU"], ["-s", "-t", "-u"]];
const STATS_V6: readonly (readonly string[])[] = [["-s", "-6"], ["-s", "-6", "-t"], ["-s", "-6", "-u"], ["-s", "-6", "-w"]];
const ROUTES: readonly (readonly string[])[] = [["-r"], ["-rn"], ["-re"], ["-ree"], ["-reee"], ["-rC"], ["-rFC"], ["-r", "-6"], ["-rn", "-6"], ["-r", "-6", "-4"]];
const GROUPS: readonly (readonly string[])[] = [["-g"], ["-gn"], ["-g", "-4"], ["-g", "-6"]];

function files(dir: string, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [`net/${n}`, join(dir, n)]));
}

const CASES: readonly TreeCase[] = [
  {
    name: "procfs pid26231 counters",
    files: files(join(CORPUS, "procfs", "pid26231"), ["snmp", "netstat", "snmp6"]),
    flags: [...STATS_V4, ...STATS_V6],
    corpus: true,
  },
  {
    name: "node_exporter counters",
    files: files(join(CORPUS, "node_exporter"), ["snmp", "netstat", "snmp6"]),
    flags: [...STATS_V4, ...STATS_V6],
    corpus: true,
  },
  {
    name: "node_exporter snmp without netstat",
    files: files(join(CORPUS, "node_exporter"), ["snmp"]),
    flags: [["-s"], ["-st"], ["-s", "-6"]],
    corpus: true,
  },
  {
    name: "live capture",
    files: files(join(FIXTURES, "modes", "net"), ["snmp", "netstat", "snmp6", "route", "ipv6_route", "rt_cache", "igmp", "igmp6"]),
    flags: [...STATS_V4, ...STATS_V6, ...ROUTES, ...GROUPS],
    corpus: false,
  },
  {
    name: "malformed fixtures",
    // Not ipv6_route: netstat prints a short line with whatever its stack held before.
    files: files(join(FIXTURES, "malformed", "net"), ["snmp", "netstat", "snmp6", "route", "igmp", "igmp6"]),
    flags: [["-s"], ["-st"], ["-s", "-6"], ["-s", "-6", "-t"], ["-r"], ["-rn"], ["-ree"], ["-g"], ["-gn"]],
    corpus: false,
  },
  {
    name: "route header without Mask",
    files: { "net/route": join(FIXTURES, "malformed", "net", "route-nomask") },
    flags: [["-r"], ["-rn", "-e"]],
    corpus: false,
  },
  {
    name: "no counter or group files",
    files: { "net/route": join(FIXTURES, "modes", "net", "route") },
    flags: [["-s"], ["-s", "-6"], ["-g"], ["-g", "-6"], ["-gt"]],
    corpus: false,
  },
];

describeTreeParity("netstat -s, -r and -g over captured /proc trees", "nss-modes-tree", CASES, "stderr", !available.ok);
