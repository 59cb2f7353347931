/**
 * netstat's legacy socket families in text mode: IPX, AX.25, X.25, NET/ROM
 * and ROSE, each listed when its /proc file opens, with netstat's headers,
 * "Problem reading data" lines, messages and statuses.
 */
import { catchError, concatMap, from, mergeMap, toArray, type Observable } from "rxjs";
import type { Options } from "../model/options.ts";
import type { Entry } from "../proc/issue.ts";
import { AX25_PROBLEM } from "../proc/net-ax25.ts";
import {
  AX25_HEADER,
  ax25Row,
  ipxHeader,
  ipxRow,
  NETROM_HEADER,
  netromRow,
  problemLine,
  ROSE_HEADER,
  roseRow,
  X25_HEADER,
  x25Row,
} from "../format/netstat-legacy.ts";
import type { NameResolver } from "../resolve/names.ts";
import { ax25Table$, ipxTable$, LEGACY_FILES, netromTable$, roseTable$, x25Table$ } from "../sources/legacy.ts";
import type { ProcRoot } from "../sources/proc-root.ts";
import { err, out, status, type Output } from "./output.ts";
import { unreadLegacyTable } from "./unread-table.ts";

/** The selection flags of the legacy families. */
export type LegacyFlag = "ipx" | "ax25" | "x25" | "netrom" | "rose";

/** What the legacy sections read and how they print. */
export interface LegacyContext {
  readonly root: ProcRoot;
  readonly options: Options;
  readonly resolver: NameResolver;
}

/** netstat's answer when a legacy family's file cannot be opened: only ENOENT means "no support". */
function legacyUnreadable(ctx: LegacyContext, error: unknown, family: string): Observable<Output> {
  return from(unreadLegacyTable(ctx.options, error, family));
}

/** Rows and "Problem reading data" lines, in file order. */
function entriesText<T>(entries: readonly Entry<T>[], row: (record: T) => string, problem: string): string {
  return entries.map((e) => (e.kind === "record" ? row(e.record) : problem)).join("");
}

function legacySection<T>(
  ctx: LegacyContext,
  family: string,
  table$: Observable<T>,
  body: (table: T) => readonly Output[],
): Observable<Output> {
  return table$.pipe(
    mergeMap((table) => from(body(table))),
    catchError((error: unknown) => legacyUnreadable(ctx, error, family)),
  );
}

/** The legacy families in netstat's order, each listed when its /proc file opens. */
export function legacySections(ctx: LegacyContext): readonly { readonly flag: LegacyFlag; readonly section: Observable<Output> }[] {
  const { root, options, resolver } = ctx;
  const problem = (file: string, word?: "Problem" | "problem") => problemLine(root.display(file), word);
  return [
    {
      flag: "ipx",
      section: legacySection(ctx, "AF IPX", ipxTable$(root), (t) => {
        const rows = t.entries.flatMap((e) => (e.kind === "record" ? [ipxRow(e.record, options, resolver)] : []));
        const outputs = [out(ipxHeader(options.extend) + rows.join(""))];
        if (t.stop === undefined) return outputs;
        return [...outputs, err(`netstat.c: Internal Error \`ipx socket format error in ${t.stop.port} port'.\n`), status(255)];
      }),
    },
    {
      flag: "ax25",
      section: legacySection(ctx, "AF AX25", ax25Table$(root), (t) => [
        out(AX25_HEADER + entriesText(t.entries, ax25Row, problem(LEGACY_FILES.ax25, AX25_PROBLEM[t.layout]))),
      ]),
    },
    {
      flag: "x25",
      section: legacySection(ctx, "AF X25", x25Table$(root), (t) => {
        // netstat hides sockets without a circuit (LCI 0) unless -a.
        const shown = t.entries.filter((e) => e.kind !== "record" || options.all || e.record.lci !== 0);
        return [out(X25_HEADER + entriesText(shown, x25Row, ""))];
      }),
    },
    {
      flag: "netrom",
      section: legacySection(ctx, "AF NETROM", netromTable$(root), (t) => [
        out(NETROM_HEADER + entriesText(t.entries, netromRow, problem(LEGACY_FILES.netrom))),
      ]),
    },
    {
      flag: "rose",
      section: legacySection(ctx, "AF ROSE", roseTable$(root), (t) => [
        out(ROSE_HEADER + entriesText(t.entries, roseRow, problem(LEGACY_FILES.rose))),
      ]),
    },
  ];
}


/** Each legacy family's name in a sentence. */
const LEGACY_NAME: Readonly<Record<LegacyFlag, string>> = { ipx: "IPX", ax25: "AX.25", x25: "X.25", netrom: "NET/ROM", rose: "ROSE" };

/**
 * The legacy families where records are written (`--json`, `--format table`, `--watch`): they
 * have no records, so only netstat's failures remain, with its words and statuses; a family
 * asked for by name whose file opens says in one sentence that it is listed in text only.
 */
export function legacyRecordSections(ctx: LegacyContext): readonly { readonly flag: LegacyFlag; readonly section: Observable<Output> }[] {
  const { selection } = ctx.options;
  return legacySections(ctx).map(({ flag, section }) => ({
    flag,
    section: section.pipe(
      toArray(),
      concatMap((outputs) => {
        const failed = outputs.some((o) => o.kind === "status" && o.code !== 0);
        const listed = outputs.some((o) => o.kind === "stdout");
        const kept = outputs.filter((o) => o.kind !== "stdout");
        if (failed || !listed || !selection.any) return from(kept);
        const why = `netstat-stream: ${LEGACY_NAME[flag]} sockets have no records; they are listed in netstat text only (without --json, --format or --watch)\n`;
        return from([...kept, err(why), status(1)]);
      }),
    ),
  }));
}
