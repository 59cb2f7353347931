/**
 * The socket listing as records: `--json` and `--format table` as final
 * stages of the sockets pipeline. JSON writes each chunk's records as they
 * come; a table keeps only its rows' cells until the section ends, so memory
 * follows the chunk (JSON) or the cells (tables), never the whole records.
 */
import { catchError, concat, concatMap, defer, EMPTY, from, map, mergeMap, of, toArray, type Observable } from "rxjs";
import type { NetworkRecord, SocketRecord, UnixRecord } from "../model/record.ts";
import { ndjsonLine } from "../format/ndjson.ts";
import { sctpNumeric } from "../format/netstat-sctp.ts";
import { isoTime } from "../format/socket-event.ts";
import { networkColumns, tableBuilder, unixColumns } from "../format/table.ts";
import { sockets$ } from "../pipeline/sockets.ts";
import type { SocketSection } from "../pipeline/socket-tables.ts";
import { socketSelector } from "../select/sockets.ts";
import { planNetns } from "../sources/netns.ts";
import { groupsOutput$ } from "./groups.ts";
import { concatUntilFailure, err, out, outLines, status, type Output } from "./output.ts";
import { unreadOutputs } from "./socket-diagnostics.ts";
import {
  bogusWarning,
  endedWarning,
  namespaceFailure,
  otherFamilies$,
  ownersAt,
  passOwners,
  placeEnded,
  places,
  recordOptions,
  socketRecord,
  type Place,
  type RecordContext,
} from "./socket-places.ts";

export type { RecordContext } from "./socket-places.ts";

/** Output, or the status a failure ends the pass with and whether it came at unix or later (after `-g`'s place). */
type Piece = Output | { readonly kind: "ends"; readonly code: number; readonly late: boolean };

/** A final stage of the record listing: what a chunk of records writes, and what the end of the pass writes. */
interface RecordStage {
  add(records: readonly SocketRecord[]): readonly Output[];
  end(): Observable<Output>;
}

function jsonStage(ctx: RecordContext, at: number): RecordStage {
  const stamp = ctx.options.continuous ? { ts: isoTime(at) } : {};
  return {
    add: (records) => outLines(records.map((r) => ndjsonLine(ctx.options.continuous ? { ...r, ...stamp } : r))),
    end: () => EMPTY,
  };
}

/** Tables: the Internet one, then unix (none when the pass ended before unix, a `-g` failure). */
function tableStage(ctx: RecordContext, part: "inet" | "all"): RecordStage {
  const { options } = ctx;
  const { selection } = options;
  const columns = { extend: options.extend > 1, owners: recordOptions(options).owners, timers: options.timers, netns: ctx.netns !== undefined };
  const anyInet = selection.tcp || selection.udp || selection.udplite || selection.raw || selection.sctp;
  const network = !selection.any || anyInet ? tableBuilder(networkColumns(columns), ctx.colour) : undefined;
  const unix = (!selection.any || selection.unix) && part === "all" ? tableBuilder(unixColumns(columns), ctx.colour) : undefined;
  return {
    add(records) {
      for (const r of records) {
        if (r.kind === "network") network?.add(r as NetworkRecord);
        else unix?.add(r as UnixRecord);
      }
      return [];
    },
    end: () =>
      defer(() => {
        const tables = [network, unix].filter((t) => t !== undefined);
        if (tables.length === 0) return EMPTY;
        // With -g the group table follows after a blank line; under -c a blank line ends the pass.
        const tail = selection.igmp || options.continuous ? "\n" : "";
        return from(tables).pipe(
          concatMap((table, i) => concat(i === 0 ? EMPTY : of(out("\n")), from(table.lines()).pipe(map(out)))),
          (source) => concat(source, tail === "" ? EMPTY : of(out(tail))),
        );
      }),
  };
}

/** One place's records and warnings through the stage; a namespace place is held until it is known not to have ended. */
function place$(ctx: RecordContext, place: Place, part: "inet" | "all", stage: RecordStage, owners: ReturnType<typeof passOwners>): Observable<Piece> {
  const { options } = ctx;
  const record = recordOptions(options);
  const lookup = ownersAt(owners, place);
  const scope = { all: options.all, listening: options.listening };
  const plan = {
    selection: options.selection,
    verbose: options.verbose,
    scope,
    timers: options.timers,
    part,
    keep: socketSelector(scope, options.filters, ctx.userUid, () => lookup),
  };
  const numericSctp = sctpNumeric({ ...record, wide: false, all: false, listening: false, extend: 1, programs: false, timers: false });
  const naming = { resolver: ctx.resolver, numeric: (s: SocketSection) => (s.startsWith("sctp") ? numericSctp : options.numericHosts) };
  let failed = false;
  const tables$ = sockets$(place.root, plan, naming).pipe(
    concatMap((item): Observable<Piece> => {
      switch (item.kind) {
        case "sockets":
          return from(stage.add(item.sockets.map((s) => socketRecord(s, ctx, record, owners, lookup, place))));
        case "bogus":
          return of(err(bogusWarning(options, item)));
        case "unreadable":
          return from(unreadOutputs(item));
        case "failed":
          failed = true;
          return of({ kind: "ends", code: item.status, late: item.section === "unix" } as const);
      }
    }),
  );
  const others$ = defer(() =>
    failed || part !== "all"
      ? EMPTY
      : otherFamilies$(ctx, place).pipe(map((o): Piece => (o.kind === "status" && o.code !== 0 ? { kind: "ends", code: o.code, late: true } : o))),
  );
  const all$ = concat(tables$, others$);
  if (place.target === undefined) return all$;
  // Records of a namespace that ended while it was read are not shown.
  return all$.pipe(
    toArray(),
    mergeMap((pieces) => (placeEnded(ctx, place) ? of(err(endedWarning(place))) : from(pieces))),
  );
}

/** One pass over every chosen namespace: owners first, then each place in turn, then the stage's end and the first failure. */
function pass$(ctx: RecordContext, part: "inet" | "all"): Observable<Piece> {
  return defer(() => {
    const at = ctx.now();
    const chosen = places(ctx);
    const owners = passOwners(ctx, recordOptions(ctx.options));
    const stage = ctx.options.format === "table" ? tableStage(ctx, part) : jsonStage(ctx, at);
    let ends: Piece | undefined;
    const pieces$ = from(chosen.places).pipe(
      concatMap((place) => place$(ctx, place, part, stage, owners)),
      concatMap((piece) => {
        if (piece.kind !== "ends") return of(piece);
        ends ??= piece;
        return EMPTY;
      }),
    );
    return concat(from([...chosen.notes, ...owners.warnings].map(err)), pieces$, stage.end(), defer(() => (ends === undefined ? EMPTY : of(ends))));
  });
}

/** The `-g` memberships of the records listing, in each chosen namespace. */
function memberships$(ctx: RecordContext): Observable<Output> {
  const modeCtx = { root: ctx.root, options: ctx.options, resolver: ctx.resolver, colour: ctx.colour, now: ctx.now };
  const { netns } = ctx;
  if (netns === undefined) return groupsOutput$(modeCtx);
  // Each namespace's memberships, read through its own processes and labelled with it.
  return defer(() => concatUntilFailure(planNetns(ctx.root, netns, ctx.netnsDir).targets.map((t) => groupsOutput$({ ...modeCtx, root: t.root, label: t.label }))));
}

/** One listing pass as NDJSON (with `ts` on every record under -c) or as tables; `-g` memberships follow the sockets. */
export function recordListing$(ctx: RecordContext): Observable<Output> {
  if (!ctx.options.selection.igmp) {
    return pass$(ctx, "all").pipe(
      map((p) => (p.kind === "ends" ? status(p.code) : p)),
      catchError(namespaceFailure),
    );
  }
  // netstat lists memberships after the Internet sections and before unix: a failure reading
  // them ends the listing before unix, and one at unix or later comes after them.
  return memberships$(ctx).pipe(
    toArray(),
    mergeMap((members) => {
      const membersFail = members.some((o) => o.kind === "status" && o.code !== 0);
      let ended = false;
      return concat(
        pass$(ctx, membersFail ? "inet" : "all").pipe(
          concatMap((p): Observable<Output> => {
            if (p.kind !== "ends") return of(p);
            ended = true;
            return from(p.late ? [...members, status(p.code)] : [status(p.code)]);
          }),
        ),
        defer(() => (ended ? EMPTY : from(members))),
      );
    }),
    catchError(namespaceFailure),
  );
}
