/**
 * Routes (`-r`), interfaces (`-i`), groups (`-g`) and counters (`-s`) as
 * records: `--json` NDJSON (with `ts` on every record under `-c`) or
 * `--format table`. Each mode reads what its text mode reads, keeps what the
 * text would list, and reports the same failures with the same exit
 * statuses; messages netstat prints on stdout go to stderr here, so stdout
 * holds nothing but records.
 */
import { catchError, concat, defer, EMPTY, from, mergeMap, of, toArray, type Observable } from "rxjs";
import type { Options } from "../model/options.ts";
import type { GroupRecord, InterfaceRecord, Ipv4RouteRecord, Ipv6RouteRecord, ModeRecord, StatisticRecord } from "../model/mode-records.ts";
import { groupRecord } from "../format/group-record.ts";
import { GROUP_COLUMNS, interfaceColumns, IPV4_ROUTE_COLUMNS, IPV6_ROUTE_COLUMNS, STATISTIC_COLUMNS } from "../format/mode-tables.ts";
import { ndjsonLine } from "../format/ndjson.ts";
import { groupHostLookups } from "../format/netstat-groups.ts";
import { isoTime } from "../format/socket-event.ts";
import { formatTable, netnsColumns, type Column } from "../format/table.ts";
import { withNetnsFields } from "../format/netns-fields.ts";
import type { NetnsLabel } from "../model/netns.ts";
import { INITIAL_GROUP_STATE } from "../proc/net-igmp.ts";
import type { NameResolver } from "../resolve/names.ts";
import { groups$ } from "../sources/groups.ts";
import { ProcReadError, type ProcRoot } from "../sources/proc-root.ts";
import { concatUntilFailure, err, out, type Output, status } from "./output.ts";
import type { NamespaceInterfaces } from "../pipeline/interfaces.ts";
import { strerror } from "./strerror.ts";

/** The tables a pass can show, each with its columns. */
export type TableName = "route4" | "route6" | "interface" | "group" | "statistic";

/** What a mode emits: output, a record, or the start of a table (shown even when it stays empty). */
export type Item = Output | { readonly kind: "record"; readonly record: ModeRecord } | { readonly kind: "table"; readonly table: TableName };

/** What a record pass of these modes needs. */
export interface ModeContext {
  readonly root: ProcRoot;
  /** The /sys tree `-i` reads when interface ioctls are unavailable. */
  readonly sys: ProcRoot;
  readonly options: Options;
  readonly resolver: NameResolver;
  readonly colour: boolean;
  /** The clock, ms since the epoch. */
  readonly now: () => number;
  /** The namespace read (`--netns*`): its fields label every record, its columns lead every table. */
  readonly label?: NetnsLabel | undefined;
  /** For `-i` in another namespace: where its /sys is found. */
  readonly netns?: NamespaceInterfaces | undefined;
}

const record = (r: ModeRecord): Item => ({ kind: "record", record: r });
const table = (t: TableName): Item => ({ kind: "table", table: t });


function groupFile(ctx: ModeContext, family: "inet" | "inet6"): Observable<Item> {
  const numeric = ctx.options.numericHosts;
  // Each file is read from a fresh reader state: records show what the file holds.
  return groups$(ctx.root, family, INITIAL_GROUP_STATE).pipe(
    mergeMap((read) => {
      const warnings = read.issues.map((i) => err(`warning, got bogus ${i.reader} line ${i.line}.\n`));
      const records = from(ctx.resolver.resolveHosts(groupHostLookups(read.records, numeric))).pipe(
        mergeMap(() => from(read.records.map((g) => record(groupRecord(g, numeric, ctx.resolver))))),
      );
      return concat(from(warnings), records);
    }),
  );
}

/** `-g`: IPv4 memberships, then IPv6; like netstat, a missing igmp file fails the run after igmp6 is shown. */
export function groupItems$(ctx: ModeContext): Observable<Item> {
  return defer(() => {
    const { selection } = ctx.options;
    let missing: Item[] = [];
    const unreadable = (error: unknown, v6: boolean): Observable<Item> => {
      if (!(error instanceof ProcReadError)) throw error;
      if (error.code !== "ENOENT" && error.code !== "EACCES") return of(err(`${error.path}: ${strerror(error.code)}\n`), status(255));
      if (!v6) missing = [err("netstat: no support for `AF INET (igmp)' on this system.\n"), status(1)];
      return EMPTY;
    };
    const parts: Observable<Item>[] = [of(table("group"))];
    if (!selection.any || selection.inet) parts.push(groupFile(ctx, "inet").pipe(catchError((e: unknown) => unreadable(e, false))));
    if (!selection.any || selection.inet6) parts.push(groupFile(ctx, "inet6").pipe(catchError((e: unknown) => unreadable(e, true))));
    parts.push(defer(() => from(missing)));
    return concatUntilFailure(parts);
  });
}

const TABLE_COLUMNS = (options: Options): Readonly<Record<TableName, readonly Column<never>[]>> => ({
  route4: IPV4_ROUTE_COLUMNS as readonly Column<Ipv4RouteRecord>[] as readonly Column<never>[],
  route6: IPV6_ROUTE_COLUMNS as readonly Column<Ipv6RouteRecord>[] as readonly Column<never>[],
  interface: interfaceColumns(options.extend >= 2) as readonly Column<InterfaceRecord>[] as readonly Column<never>[],
  group: GROUP_COLUMNS as readonly Column<GroupRecord>[] as readonly Column<never>[],
  statistic: STATISTIC_COLUMNS as readonly Column<StatisticRecord>[] as readonly Column<never>[],
});

/** Lays out the tables of one pass: each table marker opens a table, the records after it fill it. */
function tablesText(items: readonly Item[], options: Options, colour: boolean, label: NetnsLabel | undefined): string {
  const columns = TABLE_COLUMNS(options);
  const lead = label === undefined ? [] : (netnsColumns() as readonly Column<ModeRecord>[]);
  const tables: { name: TableName; rows: ModeRecord[] }[] = [];
  for (const item of items) {
    if (item.kind === "table") tables.push({ name: item.table, rows: [] });
    else if (item.kind === "record") tables.at(-1)?.rows.push(withNetnsFields(item.record, label));
  }
  return tables.map((t) => formatTable([...lead, ...(columns[t.name] as readonly Column<ModeRecord>[])], t.rows, colour)).join("\n");
}

/**
 * One pass of records as output: NDJSON lines as they come (stamped with
 * the pass's start under `-c`), or, for `--format table`, the tables once
 * the pass is complete, followed by the pass's exit status.
 */
export function recordsOutput$(ctx: ModeContext, items$: Observable<Item>): Observable<Output> {
  return defer(() => {
    const { options } = ctx;
    const stamp = options.continuous ? { ts: isoTime(ctx.now()) } : {};
    if (options.format === "json") {
      return items$.pipe(
        mergeMap((item): Observable<Output> => {
          if (item.kind === "table") return EMPTY;
          if (item.kind === "record") return of(out(ndjsonLine({ ...withNetnsFields(item.record, ctx.label), ...stamp })));
          return of(item);
        }),
      );
    }
    return items$.pipe(
      toArray(),
      mergeMap((items) => {
        const messages = items.filter((i): i is Output => i.kind === "stderr");
        const statuses = items.filter((i): i is Output => i.kind === "status");
        const text = tablesText(items, options, ctx.colour, ctx.label);
        const body = text === "" ? [] : [out(text + (options.continuous ? "\n" : ""))];
        return from([...messages, ...body, ...statuses]);
      }),
    );
  });
}
