/**
 * The legacy socket families (IPX, AX.25, X.25, NET/ROM, ROSE) as one
 * pipeline for every format: each family whose /proc file opens, its
 * sockets netstat lists, the lines netstat could not read (it prints
 * "Problem reading data" for them), and its diagnostics.
 */
import type { LegacyFlag } from "../model/diagnostic.ts";
import type { Ax25Socket, IpxSocket, NetromSocket, RoseSocket, X25Socket } from "../model/legacy.ts";
import type { Options, Selection } from "../model/options.ts";
import { fails } from "../model/exit-status.ts";
import { diagnostic, record, type Item } from "../model/pipeline.ts";
import type { Entry } from "../proc/issue.ts";
import { AX25_PROBLEM } from "../proc/net-ax25.ts";
import { x25Listed } from "../select/legacy.ts";
import { LEGACY_FILES, readAx25Table, readIpxTable, readNetromTable, readRoseTable, readX25Table } from "../sources/legacy.ts";
import { ProcReadError, type ProcRoot } from "../sources/proc-root.ts";

/** What a legacy family's section holds: its file opened, a socket, or a line netstat could not read. */
export type LegacyRecord =
  | { readonly kind: "opened"; readonly family: LegacyFlag }
  | { readonly kind: "ipx"; readonly socket: IpxSocket }
  | { readonly kind: "ax25"; readonly socket: Ax25Socket }
  | { readonly kind: "x25"; readonly socket: X25Socket }
  | { readonly kind: "netrom"; readonly socket: NetromSocket }
  | { readonly kind: "rose"; readonly socket: RoseSocket }
  | { readonly kind: "problem"; readonly path: string; readonly word: "Problem" | "problem" };

type LegacyItem = Item<LegacyRecord>;

/** The legacy families in netstat's order, with the names its `no support` message uses. */
export const LEGACY_FAMILIES: readonly { readonly flag: LegacyFlag; readonly family: string }[] = [
  { flag: "ipx", family: "AF IPX" },
  { flag: "ax25", family: "AF AX25" },
  { flag: "x25", family: "AF X25" },
  { flag: "netrom", family: "AF NETROM" },
  { flag: "rose", family: "AF ROSE" },
];

/** The legacy families a listing shows: every one by default, else those the selection names. */
export function legacyFamiliesOf(selection: Selection): readonly LegacyFlag[] {
  return LEGACY_FAMILIES.filter(({ flag }) => !selection.any || selection[flag]).map(({ flag }) => flag);
}

function entries<T>(list: readonly Entry<T>[], wrap: (t: T) => LegacyRecord, problem: LegacyRecord | undefined): LegacyItem[] {
  return list.flatMap((e) => (e.kind === "record" ? [record(wrap(e.record))] : problem === undefined ? [] : [record(problem)]));
}

function read(root: ProcRoot, options: Options, flag: LegacyFlag): LegacyItem[] {
  const opened = record<LegacyRecord>({ kind: "opened", family: flag });
  const problem = (file: string, word: "Problem" | "problem" = "Problem"): LegacyRecord => ({ kind: "problem", path: root.display(file), word });
  switch (flag) {
    case "ipx": {
      const t = readIpxTable(root);
      const rows = t.entries.flatMap((e) => (e.kind === "record" ? [record<LegacyRecord>({ kind: "ipx", socket: e.record })] : []));
      return [opened, ...rows, ...(t.stop === undefined ? [] : [diagnostic<LegacyRecord>({ kind: "ipx-format", port: t.stop.port })])];
    }
    case "ax25": {
      const t = readAx25Table(root);
      return [opened, ...entries(t.entries, (socket) => ({ kind: "ax25", socket }), problem(LEGACY_FILES.ax25, AX25_PROBLEM[t.layout]))];
    }
    case "x25": {
      const shown = readX25Table(root).entries.filter((e) => e.kind !== "record" || x25Listed(e.record, options.all));
      return [opened, ...entries(shown, (socket) => ({ kind: "x25", socket }), undefined)];
    }
    case "netrom":
      return [opened, ...entries(readNetromTable(root).entries, (socket) => ({ kind: "netrom", socket }), problem(LEGACY_FILES.netrom))];
    case "rose":
      return [opened, ...entries(readRoseTable(root).entries, (socket) => ({ kind: "rose", socket }), problem(LEGACY_FILES.rose))];
  }
}

/** One legacy family's section; netstat's answer when its file cannot be opened: only ENOENT means `no support`. */
export function legacyItems(root: ProcRoot, options: Options, flag: LegacyFlag): LegacyItem[] {
  try {
    return read(root, options, flag);
  } catch (error) {
    if (!(error instanceof ProcReadError)) throw error;
    if (error.code !== "ENOENT") return [diagnostic({ kind: "unreadable", path: error.path, errno: error.code })];
    const { selection, verbose } = options;
    const family = LEGACY_FAMILIES.find((f) => f.flag === flag)!.family;
    return selection.any || verbose ? [diagnostic({ kind: "no-support", family, asked: selection.any })] : [];
  }
}

/**
 * One legacy family's section where records are written (`--json`, `--format table`, `--watch`):
 * it has no records, so a family asked for by name whose file opens says in one sentence that it
 * is listed in netstat text only.
 */
export function legacyRecordItems(root: ProcRoot, options: Options, flag: LegacyFlag): LegacyItem[] {
  const read = legacyItems(root, options, flag);
  const failed = read.some((i) => i.kind === "diagnostic" && fails(i.diagnostic));
  const listed = read.some((i) => i.kind === "record");
  return !failed && listed && options.selection.any ? [...read, diagnostic<LegacyRecord>({ kind: "legacy-text-only", family: flag })] : read;
}
