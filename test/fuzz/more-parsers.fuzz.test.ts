/**
 * Never-throws properties for the /proc and /sys parsers that the routing,
 * interface, statistics, group, SCTP, legacy-family and namespace modes use:
 * random bytes, the real header with hostile rows under it, and lines cut
 * anywhere. Each runs the CI's FUZZ_RUNS cases (10,000 with the fixed seed).
 */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { strtoull } from "../../src/proc/_strtoull.ts";
import { procGenFmt } from "../../src/proc/_proc-gen-fmt.ts";
import { containerOfCgroup, containerOfPath, parseCgroup } from "../../src/proc/cgroup.ts";
import { procHidepid } from "../../src/proc/mountinfo.ts";
import { parseNetAx25 } from "../../src/proc/net-ax25.ts";
import { devName, devVersion, parseIfInet6, parseNetDev } from "../../src/proc/net-dev.ts";
import { INITIAL_GROUP_STATE, readGroups } from "../../src/proc/net-igmp.ts";
import { parseIpxAddress, parseNetIpx } from "../../src/proc/net-ipx.ts";
import { parseNetNetrom } from "../../src/proc/net-netrom.ts";
import { parseNetRose } from "../../src/proc/net-rose.ts";
import { guessRtCacheFormat, parseIpv6Route, parseNetRoute, routeHexToIpv4 } from "../../src/proc/net-route.ts";
import { parseSctpAddress, parseSctpAssociations, parseSctpEndpoints } from "../../src/proc/net-sctp.ts";
import { parseSctpSnmp, parseSnmp6, parseSnmpPairs } from "../../src/proc/net-snmp.ts";
import { parseNetX25 } from "../../src/proc/net-x25.ts";
import { namespaceInodeOfLink } from "../../src/proc/ns-link.ts";
import { nstrcmp } from "../../src/proc/nstrcmp.ts";
import { parseSysAddress, parseSysNumber } from "../../src/proc/sys-net.ts";
import { bytesText, hugeNumber, junkLine, oddSpace } from "./_arbitraries.ts";
import { FUZZ_TIMEOUT_MS, fuzzParams } from "./_config.ts";

/** Real header lines of each file, so that hostile rows get past header checks. */
const HEADERS: Readonly<Record<string, string>> = {
  route: "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
  dev: "Inter-|   Receive                                                |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed",
  igmp: "Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter",
  sctpEps: " ENDPT     SOCK   STY SST HBKT LPORT   UID INODE LADDRS",
  sctpAssocs: " ASSOC     SOCK   STY SST ST HBKT ASSOC-ID TX_QUEUE RX_QUEUE UID INODE LPORT RPORT LADDRS <-> RADDRS HBINT INS OUTS MAXRT T1X T2X RTXC wmema wmemq sndbuf rcvbuf",
  snmp: "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens\nTcp: 1 200 120000 -1 5",
  ipx: "Local_Address              Remote_Address             Tx_Queue Rx_Queue State  Uid",
  ax25: "dest_addr src_addr  dev  st vs vr va    t1     t2      t3      idle   n2  rtt window   paclen Snd-Q Rcv-Q inode",
  netrom: "user_addr dest_node src_node  dev    my  your  st  vs  vr  va    t1     t2    t4      idle   n2  wnd Snd-Q Rcv-Q inode",
  rose: "dest_addr  dest_call src_addr   src_call  dev   lci neigh st vs vr va   t  t1  t2  t3  hb    idle Snd-Q Rcv-Q inode",
  x25: "dest_addr  src_addr   dev   lci st vs vr va   t  t2 t21 t22 t23 Snd-Q Rcv-Q inode",
  mountinfo: "22 1 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw,hidepid=2",
  cgroup: "0::/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope",
};

/** A file: maybe its real header, then rows of junk, hostile numbers and odd spacing. */
function fileLike(header: string): fc.Arbitrary<string> {
  const row = fc.oneof(
    junkLine(),
    fc.array(fc.oneof(hugeNumber, fc.stringMatching(/^[0-9A-Fa-f:.]{0,34}$/), junkLine(8)), { maxLength: 30 }).chain((fields) =>
      oddSpace.map((sep) => fields.join(sep === "" ? " " : sep)),
    ),
    fc.tuple(fc.constant(header.split("\n").at(-1) ?? ""), fc.nat()).map(([h, n]) => h.slice(0, n % (h.length + 1))),
  );
  return fc.oneof(
    { weight: 1, arbitrary: bytesText(300) },
    { weight: 1, arbitrary: fc.constantFrom("", header, `${header}\n`) },
    {
      weight: 6,
      arbitrary: fc.tuple(fc.array(row, { maxLength: 8 }), fc.boolean()).map(([rows, end]) => `${header}\n${rows.join("\n")}${end ? "\n" : ""}`),
    },
  );
}

const cases: readonly { readonly name: string; readonly header: string; readonly run: (text: string) => unknown }[] = [
  { name: "parseNetRoute", header: HEADERS.route!, run: parseNetRoute },
  { name: "parseIpv6Route", header: "", run: parseIpv6Route },
  { name: "guessRtCacheFormat", header: HEADERS.route!, run: guessRtCacheFormat },
  { name: "routeHexToIpv4", header: "", run: routeHexToIpv4 },
  { name: "parseNetDev", header: HEADERS.dev!, run: parseNetDev },
  { name: "parseIfInet6", header: "", run: parseIfInet6 },
  { name: "devName and devVersion", header: HEADERS.dev!, run: (t) => [devName(t), devVersion(t)] },
  { name: "readGroups", header: HEADERS.igmp!, run: (t) => readGroups(t, INITIAL_GROUP_STATE) },
  { name: "parseSctpEndpoints", header: HEADERS.sctpEps!, run: parseSctpEndpoints },
  { name: "parseSctpAssociations", header: HEADERS.sctpAssocs!, run: parseSctpAssociations },
  { name: "parseSctpAddress", header: "", run: (t) => [parseSctpAddress(t, false), parseSctpAddress(t, true)] },
  { name: "parseSnmpPairs", header: HEADERS.snmp!, run: (t) => [parseSnmpPairs(t, "snmp"), parseSnmpPairs(t, "netstat")] },
  { name: "parseSnmp6", header: "Ip6InReceives                   \t1", run: parseSnmp6 },
  { name: "parseSctpSnmp", header: "SctpCurrEstab                   \t0", run: parseSctpSnmp },
  { name: "parseNetIpx", header: HEADERS.ipx!, run: parseNetIpx },
  { name: "parseIpxAddress", header: "", run: parseIpxAddress },
  { name: "parseNetAx25", header: HEADERS.ax25!, run: parseNetAx25 },
  { name: "parseNetNetrom", header: HEADERS.netrom!, run: parseNetNetrom },
  { name: "parseNetRose", header: HEADERS.rose!, run: parseNetRose },
  { name: "parseNetX25", header: HEADERS.x25!, run: parseNetX25 },
  { name: "procHidepid", header: HEADERS.mountinfo!, run: (t) => procHidepid(t, "/proc") },
  { name: "parseCgroup and containerOfCgroup", header: HEADERS.cgroup!, run: (t) => [parseCgroup(t), containerOfCgroup(t), containerOfPath(t)] },
  { name: "namespaceInodeOfLink", header: "net:[4026531840]", run: (t) => [namespaceInodeOfLink(t), namespaceInodeOfLink(t, "mnt")] },
  { name: "parseSysNumber and parseSysAddress", header: "0x1003", run: (t) => [parseSysNumber(t), parseSysAddress(t)] },
  { name: "strtoull", header: "18446744073709551615", run: (t) => strtoull(t) },
  { name: "procGenFmt", header: HEADERS.netrom!, run: (t) => procGenFmt(t, [["dest_addr", "%s"], ["inode", "%lu"], ["st", "%d"]]) },
];

describe("fuzz the other /proc and /sys parsers", () => {
  for (const c of cases) {
    test(
      `${c.name} never throws on hostile input`,
      () => {
        fc.assert(
          fc.property(fileLike(c.header), (text) => {
            expect(() => c.run(text)).not.toThrow();
          }),
          fuzzParams(),
        );
      },
      FUZZ_TIMEOUT_MS,
    );
  }

  test(
    "nstrcmp never throws and orders any two names consistently",
    () => {
      fc.assert(
        fc.property(bytesText(20), bytesText(20), (a, b) => {
          expect(Math.sign(nstrcmp(a, b)) + Math.sign(nstrcmp(b, a))).toBe(0);
          expect(nstrcmp(a, a)).toBe(0);
        }),
        fuzzParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
