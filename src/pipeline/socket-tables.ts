/**
 * The socket tables of one proc root as a lazy stream of items, in netstat's
 * order: each table read chunk by chunk, parsed, and kept or dropped by the
 * caller's selection before any record or row is built; bogus lines and
 * unreadable tables as data; and netstat's rule for where a table it cannot
 * read ends the listing.
 */
import type { InetLabel } from "../model/socket.ts";
import type { AnySocket } from "../model/socket.ts";
import type { Selection } from "../model/options.ts";
import type { LineIssue, Parsed } from "../proc/issue.ts";
import { createInetRowMemo, parseNetInet, type InetRowMemo } from "../proc/net-inet.ts";
import { parseSctpAssociations, parseSctpEndpoints } from "../proc/net-sctp.ts";
import { createInetDiagMemo, type InetDiagMemo } from "../proc/inet-diag.ts";
import { ProcReadError, type ProcRoot } from "../sources/proc-root.ts";
import { INET_FILES, inetChunks, inetFromNetlink, MAX_RECORD, unixChunks } from "../sources/sockets.ts";
import type { PairedDump } from "../sources/sock-diag.ts";
import { listsConnections, listsServers, type ListingScope } from "../select/scope.ts";
import { familySelected, protocolSelected } from "../select/sockets.ts";

/** netstat's sections of the socket listing, in its order (SCTP endpoints and associations are one each). */
export type SocketSection = "tcp" | "sctp eps" | "sctp assoc" | "udp" | "udplite" | "raw" | "unix";

/** One file of a section: an IPv4 or IPv6 table (read as `-4`/`-6` choose), or the family-less unix table. */
type SectionFile =
  | { readonly ip: "v4" | "v6"; readonly label: InetLabel }
  | { readonly ip: "v4" | "v6" | "none"; readonly file: string; readonly sctp?: "eps" | "assocs" };

/** One section: the flag that selects it, netstat's family name for its messages, its bogus-line name, its files. */
export interface SectionPlan {
  readonly section: SocketSection;
  readonly flag: "tcp" | "sctp" | "udp" | "udplite" | "raw" | "unix";
  readonly family: string;
  readonly bogus: string;
  readonly files: readonly SectionFile[];
  /** Whether the scope lists this section at all (SCTP endpoints are servers, associations connections). */
  readonly inScope: (scope: ListingScope) => boolean;
}

const always = (): boolean => true;
const inet = (protocol: "tcp" | "udp" | "udplite" | "raw", v4: InetLabel, v6: InetLabel, bogus: string): SectionPlan => ({
  section: protocol,
  flag: protocol,
  family: `AF INET (${protocol})`,
  bogus,
  files: [
    { ip: "v4", label: v4 },
    { ip: "v6", label: v6 },
  ],
  inScope: always,
});
const sctp = (kind: "eps" | "assocs", section: "sctp eps" | "sctp assoc", inScope: (scope: ListingScope) => boolean): SectionPlan => ({
  section,
  flag: "sctp",
  family: "AF INET (sctp)",
  bogus: section,
  // netstat also reads net/sctp6, which kernels lack; a table there would be listed.
  files: [
    { ip: "v4", file: `net/sctp/${kind}`, sctp: kind },
    { ip: "v6", file: `net/sctp6/${kind}`, sctp: kind },
  ],
  inScope,
});

/** The one table of netstat's socket sections, in the order it lists them (`-g` memberships come between raw and unix). */
export const SOCKET_SECTIONS: readonly SectionPlan[] = [
  inet("tcp", "tcp", "tcp6", "tcp"),
  sctp("eps", "sctp eps", listsServers),
  sctp("assocs", "sctp assoc", listsConnections),
  inet("udp", "udp", "udp6", "udp"),
  inet("udplite", "udpl", "udpl6", "udp"),
  inet("raw", "raw", "raw6", "raw"),
  { section: "unix", flag: "unix", family: "AF UNIX", bogus: "unix", files: [{ ip: "none", file: "net/unix" }], inScope: always },
];

/** One item of a reading. */
export type SocketItem =
  /** Selected sockets of one chunk of a table. */
  | { readonly kind: "sockets"; readonly section: SocketSection; readonly sockets: readonly AnySocket[] }
  /** A line netstat calls bogus: its name for the table, the file as read, and the line. */
  | { readonly kind: "bogus"; readonly section: SocketSection; readonly name: string; readonly file: string; readonly issue: LineIssue }
  /**
   * A table that could not be read; `said` when netstat says so (its `no support` is said only when the
   * family was asked for, or with -v), `asked` when the family was asked for by name.
   */
  | {
      readonly kind: "unreadable";
      readonly section: SocketSection;
      readonly family: string;
      readonly error: ProcReadError;
      readonly said: boolean;
      readonly asked: boolean;
    }
  /** `--tcp-info`: a TCP table read from /proc, whose sockets have no internals (said once per reading). */
  | { readonly kind: "no-tcp-info"; readonly section: SocketSection; readonly file: string }
  /** The listing ends here with netstat's status for an unreadable table. */
  | { readonly kind: "failed"; readonly section: SocketSection; readonly status: 1 | 255 };

/** What a reading reads and keeps. */
export interface ReadingPlan {
  readonly selection: Selection;
  readonly verbose: boolean;
  readonly scope: ListingScope;
  /** `-o`: TCP read from netlink fetches the exact retransmit and probe counts. */
  readonly timers: boolean;
  /** `--tcp-info`: TCP read from netlink with each socket's internals. */
  readonly tcpInfo?: boolean;
  /** Which part of the listing: the Internet sections, the unix one, or both. */
  readonly part: "inet" | "unix" | "all";
  /** The selection, decided on parsed sockets before anything is built from them. */
  readonly keep: (socket: AnySocket) => boolean;
  /** Rows of the last reading (`--watch`): each table is then read whole and unchanged rows are reused. */
  readonly memo?: ReadingMemo | undefined;
  /** `--top`: TCP sockets read over netlink carry their byte counters. */
  readonly counters?: boolean;
}

/** Parsed rows of the last reading of each inet table, by path (a netlink dump's under its own key). */
export type ReadingMemo = Map<string, InetRowMemo | InetDiagMemo>;

/**
 * netstat's INFO_GUTS for a table it could not open: a missing or hidden one is `no support`
 * (said when the family was asked for, or with -v; status 1 when asked for), any other error
 * names the file with status 255.
 */
export function unreadRule(selection: Selection, verbose: boolean, error: ProcReadError): { readonly said: boolean; readonly status: 0 | 1 | 255 } {
  if (error.code !== "ENOENT" && error.code !== "EACCES") return { said: true, status: 255 };
  const asked = !selection.noprot && selection.any;
  return { said: !selection.noprot && (selection.any || verbose), status: asked ? 1 : 0 };
}

function memoOf<M extends InetRowMemo | InetDiagMemo>(memo: ReadingMemo, key: string, create: () => M): M {
  let found = memo.get(key);
  if (found === undefined) memo.set(key, (found = create()));
  return found as M;
}

/** Whether a file's sockets are asked for their internals (`--tcp-info`: the TCP tables). */
function wantsTcpInfo(file: SectionFile, plan: ReadingPlan): boolean {
  return plan.tcpInfo === true && "label" in file && (file.label === "tcp" || file.label === "tcp6");
}

/** The memo of a table's netlink dumps. */
function netlinkMemo(root: ProcRoot, memo: ReadingMemo, label: InetLabel): InetDiagMemo {
  return memoOf(memo, `${root.display(INET_FILES[label])}#netlink`, createInetDiagMemo);
}

/** A section's tcp and tcp6 tables from one dump, when both are read in the reader's own namespace (see PairedDump). */
function pairedDump(root: ProcRoot, section: SectionPlan, plan: ReadingPlan): PairedDump | undefined {
  if (section.section !== "tcp" || !root.ownNetns || !familySelected(plan.selection, "v4") || !familySelected(plan.selection, "v6")) return undefined;
  return plan.memo === undefined ? {} : { memo: netlinkMemo(root, plan.memo, "tcp6") };
}

/**
 * The parsed chunks of one file, opened now (ProcReadError if it cannot be); `noInfo` is called
 * when a TCP table asked for its internals comes from /proc.
 */
function chunksOf(root: ProcRoot, file: SectionFile, plan: ReadingPlan, paired: PairedDump | undefined, noInfo: () => void): Iterable<Parsed<AnySocket>> {
  if ("label" in file) {
    const { memo } = plan;
    if (wantsTcpInfo(file, plan) && memo === undefined) {
      const dumped = inetFromNetlink(root, file.label, { timers: plan.timers, tcpInfo: true, paired });
      if (dumped !== undefined) return dumped;
      noInfo();
    }
    if (memo === undefined) return inetChunks(root, file.label, { timers: plan.timers, paired });
    const path = INET_FILES[file.label];
    // A watch reads other namespaces over netlink too where it can enter them: their sockets then carry cookies.
    // With --top's counters the memo leaves the tcp_info out of its comparison (proc/inet-diag.ts).
    const dumped = inetFromNetlink(root, file.label, { timers: plan.timers, memo: netlinkMemo(root, memo, file.label), paired, enter: true, counters: plan.counters ?? false });
    if (dumped !== undefined) return [{ records: [...dumped].flatMap((chunk) => chunk.records), issues: [] }];
    return [parseNetInet(root.readTable(path, MAX_RECORD), file.label, memoOf(memo, root.display(path), createInetRowMemo))];
  }
  if (file.sctp === "eps") return [parseSctpEndpoints(root.readText(file.file))];
  if (file.sctp === "assocs") return [parseSctpAssociations(root.readText(file.file))];
  return unixChunks(root);
}

/** One file's items; a failure to read it (at open or later) is an `error` item for the section to judge. */
function* fileItems(
  root: ProcRoot,
  section: SectionPlan,
  file: SectionFile,
  plan: ReadingPlan,
  paired: PairedDump | undefined,
): Generator<SocketItem | { readonly kind: "error"; readonly error: ProcReadError }> {
  const name = root.display("label" in file ? INET_FILES[file.label] : file.file);
  let noInfo = false;
  try {
    const chunks = chunksOf(root, file, plan, paired, () => (noInfo = true));
    if (noInfo) yield { kind: "no-tcp-info", section: section.section, file: name };
    for (const parsed of chunks) {
      for (const issue of parsed.issues) yield { kind: "bogus", section: section.section, name: section.bogus, file: name, issue };
      const sockets: AnySocket[] = [];
      for (const socket of parsed.records) if (plan.keep(socket)) sockets.push(socket);
      if (sockets.length > 0) yield { kind: "sockets", section: section.section, sockets };
    }
  } catch (error) {
    if (!(error instanceof ProcReadError)) throw error;
    yield { kind: "error", error };
  }
}

/**
 * The selected sections of one proc root, read lazily in netstat's order: the next chunk is read
 * only when the consumer asks for it, and a table netstat cannot read ends the listing as netstat
 * ends it (status 1 after the section's IPv6 table, any other status at once). Errors on an IPv6
 * table are ignored, as netstat ignores them.
 */
export function* socketItems(root: ProcRoot, plan: ReadingPlan): Generator<SocketItem> {
  const { selection } = plan;
  let toldNoInfo = false;
  for (const section of SOCKET_SECTIONS) {
    const isUnix = section.section === "unix";
    if ((plan.part === "inet" && isUnix) || (plan.part === "unix" && !isUnix)) continue;
    if (!protocolSelected(selection, section.flag) || !section.inScope(plan.scope)) continue;
    let failed: 1 | undefined;
    const paired = pairedDump(root, section, plan);
    for (const file of section.files) {
      if (!familySelected(selection, file.ip)) continue;
      for (const item of fileItems(root, section, file, plan, paired)) {
        if (item.kind === "no-tcp-info") {
          if (!toldNoInfo) yield item;
          toldNoInfo = true;
          continue;
        }
        if (item.kind !== "error") {
          yield item;
          continue;
        }
        if (file.ip === "v6") break;
        const rule = unreadRule(selection, plan.verbose, item.error);
        yield { kind: "unreadable", section: section.section, family: section.family, error: item.error, said: rule.said, asked: rule.status === 1 };
        if (rule.status === 255) {
          yield { kind: "failed", section: section.section, status: 255 };
          return;
        }
        if (rule.status === 1) failed = 1;
      }
    }
    if (failed !== undefined) {
      yield { kind: "failed", section: section.section, status: failed };
      return;
    }
  }
}
