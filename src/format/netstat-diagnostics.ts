/**
 * The words of every diagnostic (model/diagnostic.ts), in one lookup table:
 * netstat's own sentences, byte for byte, on the stream netstat prints them
 * to, and this program's one-sentence messages. Formats that write records
 * keep stdout for records and print every word on stderr.
 */
import type { Diagnostic, DiagnosticKind, DiagnosticOf } from "../model/diagnostic.ts";
import type { WarningRecord } from "../model/record.ts";
import { ndjsonLine } from "./ndjson.ts";
import { strerror } from "./strerror.ts";
import { messageSafe } from "./terminal-safe.ts";

/** Text for one stream. */
export interface Words {
  readonly stream: "stdout" | "stderr";
  readonly text: string;
}

const e = (text: string): Words => ({ stream: "stderr", text });
const o = (text: string): Words => ({ stream: "stdout", text });

/** `-p` could read no process at all. */
export const programsUnreadable = (euid: number): string =>
  `(No info could be read for "-p": geteuid()=${euid} but you should be root.)\n`;

const PROGRAMS_PARTIAL =
  "(Not all processes could be identified, non-owned process info\n will not be shown, you would have to be root to see it all.)\n";

const LEGACY_NAME = { ipx: "IPX", ax25: "AX.25", x25: "X.25", netrom: "NET/ROM", rose: "ROSE" } as const;

/** The namespace types as /proc/PID/ns names them, in words. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  mnt: "a mount", uts: "a UTS", ipc: "an IPC", user: "a user", pid: "a PID", cgroup: "a cgroup", time: "a time",
};

const THROUGH_PROCESS = "netstat-stream reads a namespace only through one of its processes";

function namespaceWhy(d: DiagnosticOf<"namespace-unreadable">): string {
  switch (d.code) {
    case "no-process":
      return `no process lives in it, and ${THROUGH_PROCESS}`;
    case "no-visible-process":
      // The processes that could not be checked may live anywhere: the namespace may well be empty.
      return (
        `no process lives in it among those that could be checked, and ${THROUGH_PROCESS} ` +
        `(the namespace of ${d.unreadablePids ?? 0} other process(es) could not be read: permission denied)`
      );
    case "not-netns":
      return "it is not a namespace file";
    case "other-type":
      return `it is ${TYPE_WORDS[d.nsType ?? ""] ?? `a ${d.nsType ?? "different"}`} namespace, not a network namespace`;
    default:
      return strerror(d.code);
  }
}

function legacyRouting(d: DiagnosticOf<"legacy-routing">): readonly Words[] {
  const [first, second] = d.missing;
  const at = (m: { readonly path: string; readonly errno: string } | undefined): string => (m === undefined ? "" : `${m.path}: ${strerror(m.errno)}\n`);
  switch (d.family) {
    case "ax25":
      return [e(at(first)), o("AX.25 not configured in this system.\n")];
    case "ipx":
      // Both files are missing; netstat's perror shows the second open's errno, without a path.
      return [e(`${strerror(second?.errno ?? first?.errno ?? "ENOENT")}\n`), o(`IPX routing not in file ${first?.path} or ${second?.path} found.\n`)];
    case "netrom": {
      // netstat's first perror shows the errno of the later open; the second sees the errno perror left.
      const nodes = d.missing.find((m) => m.path.endsWith("nr_nodes"));
      const neigh = d.missing.find((m) => m.path.endsWith("nr_neigh"));
      const words: Words[] = [];
      if (nodes !== undefined) words.push(e(`${nodes.path}: ${strerror((neigh ?? nodes).errno)}\n`));
      if (neigh !== undefined) words.push(e(`${neigh.path}: ${strerror(nodes !== undefined ? "EINVAL" : neigh.errno)}\n`));
      return [...words, o("NET/ROM not configured in this system.\n")];
    }
    case "rose":
      return [e(`${at(first)}ROSE not configured in this system.\n`)];
    case "x25":
      return [o("X.25 not configured in this system.\n")];
    case "ddp":
      return [e(`Error opening ${at(first)}DDP (AppleTalk) not configured on this system.\n`)];
  }
}

type WordsOf = { readonly [K in DiagnosticKind]: (d: DiagnosticOf<K>) => readonly Words[] };

/** Every diagnostic's words, as netstat text prints them. */
const WORDS: WordsOf = {
  "bogus-line": (d) => [e(`warning, got bogus ${d.reader} line ${d.line}.\n`)],
  "bogus-socket-line": (d) => [e(`warning, got bogus ${d.reader} line.\n`)],
  "sockets-failed": () => [],
  "no-support": (d) => [e(`netstat: no support for \`${d.family}' on this system.\n`)],
  unreadable: (d) => [e(`${d.path}: ${strerror(d.errno)}\n`)],
  "programs-partial": (d) => [e(d.extent === "none" ? programsUnreadable(d.euid) : PROGRAMS_PARTIAL)],
  "not-configured": (d) => [e(`${d.path}: ${strerror(d.errno)}\n`), o(`${d.family} not configured in this system.\n`)],
  "legacy-routing": legacyRouting,
  "legacy-routing-unsupported": (d) => [e(`netstat-stream: ${d.name} routing tables are not supported\n`)],
  "no-routing": (d) => [e(`No routing for address family \`${d.family}'.\n`)],
  "family-unsupported": (d) => [e(`Address family \`${d.family}' not supported.\n`)],
  "route-headerless": () => [],
  "route-missing-column": (d) => [e(`warning: ${d.path} does not contain required field ${d.column}\n`)],
  "route-cache-unread": (d) => [e(`${d.path}: Success\n`)],
  "interfaces-limited": (d) => [e(`Warning: cannot open ${d.path} (${strerror(d.errno)}). Limited output.\n`)],
  "interface-failed": (d) => [
    e(`${d.name}: error fetching interface information: ${d.errno === "ENODEV" ? "Device not found" : strerror(d.errno)}\n`),
    e(`missing interface information: ${strerror(d.errno)}\n`),
  ],
  "statistics-unsupported": (d) => [o(`netstat: No statistics support for specified address family: ${d.family}\n`)],
  "statistics-unreadable": (d) => [e(`${d.what}: ${strerror(d.errno)}\n`)],
  "statistics-malformed": (d) => [e(`Problem while parsing ${d.path}\n`)],
  "masquerade-unsupported": (d) => [e(`netstat-stream: ${d.path} is from a 2.2 kernel; its masquerading entries are not supported\n`)],
  "ipx-format": (d) => [e(`netstat.c: Internal Error \`ipx socket format error in ${d.port} port'.\n`)],
  "bluetooth-unsupported": () => [
    e("netstat: feature `AF BLUETOOTH' not supported.\nPlease recompile `net-tools' with newer kernel source or full configuration.\n"),
  ],
  "legacy-text-only": (d) => [
    e(`netstat-stream: ${LEGACY_NAME[d.family]} sockets have no records; they are listed in netstat text only (without --json, --format or --watch)\n`),
  ],
  "no-such-interface": (d) => [
    e(`netstat-stream: ${d.name}: no such interface${d.anyNamespace === true ? " in any network namespace" : ""} (-I takes the rest of its word as the name, as in -Ieth0)\n`),
  ],
  "ioctls-unavailable": (d) => [e(`netstat-stream: interface ioctls are unavailable (${d.why}); using /sys, without IPv4 addresses or alias labels\n`)],
  "namespace-addresses-hidden": () => [
    e("netstat-stream: IPv4 addresses and alias labels of another network namespace are not shown: only ioctls inside it tell them\n"),
  ],
  "namespace-interfaces-unreadable": (d) => [
    e(
      `netstat-stream: Cannot show the interfaces of network namespace ${d.netns}: ${d.missing}, and interface ioctls answer only inside it; ` +
        `run \`nsenter -t ${d.pid ?? "PID"} -n netstat-stream -i\` instead\n`,
    ),
  ],
  "namespace-closes-unavailable": (d) => [e(`netstat-stream: in the namespaces it cannot listen in, every close comes from polls, so a socket that opens and closes between two polls is not seen there: ${d.why}\n`)],
  "tcp-info-unavailable": (d) => [
    e(`netstat-stream: --tcp-info shows no TCP internals for the sockets of ${messageSafe(d.path)}: they come from the kernel's socket-diag netlink interface, which this run cannot use there (another namespace is entered only by root)\n`),
  ],
  "kernel-closes-unavailable": (d) => [e(`netstat-stream: every close comes from polls, so a socket that opens and closes between two polls is not seen: ${d.why}\n`)],
  "poll-skipped": (d) => [e(`netstat-stream: a poll was skipped and the watch goes on: ${wordsText(d.cause).trim().replaceAll("\n", "; ")}\n`)],
  "namespace-ended": (d) => [e(`netstat-stream: network namespace ${d.netns} ended while it was read; it is not shown\n`)],
  "namespace-without-process": (d) => [
    e(`netstat-stream: network namespace ${messageSafe(d.name)} (${d.netns}) has no process to read it through; it is not shown\n`),
  ],
  "namespaces-hidden": (d) => [
    e(`netstat-stream: the network namespace of ${d.processes} process(es) could not be read (permission denied); a namespace only they live in is not shown\n`),
  ],
  "namespace-unreadable": (d) => [e(`netstat-stream: Cannot read network namespace ${messageSafe(d.subject)}: ${namespaceWhy(d)}\n`)],
};

/** A diagnostic's words as netstat text prints them, each on netstat's stream. */
export function netstatWords(d: Diagnostic): readonly Words[] {
  return (WORDS[d.kind] as (d: Diagnostic) => readonly Words[])(d);
}

/** A diagnostic's words as one text, whatever their streams (a message that goes where its caller writes). */
export function wordsText(d: Diagnostic): string {
  return netstatWords(d).map((w) => w.text).join("");
}

/** A diagnostic's words where stdout holds records (--json, --format table, --watch): all on stderr. */
export function recordWords(d: Diagnostic): readonly Words[] {
  return netstatWords(d).map((w) => (w.stream === "stdout" ? e(w.text) : w));
}

/** A diagnostic's words in `--json`: a bogus socket line is a warning record, so that stderr stays NDJSON too; the rest as {@linkcode recordWords}. */
export function jsonWords(d: Diagnostic): readonly Words[] {
  if (d.kind !== "bogus-socket-line") return recordWords(d);
  const { file, line, reason, text } = d;
  return [e(ndjsonLine({ kind: "warning", file, line, message: `got bogus ${d.reader} line`, reason, text } satisfies WarningRecord))];
}
