/**
 * The socket listing as records: the sockets pipeline into the `--json` or
 * `--format table` final stage (format/socket-stages.ts), pass by pass, with
 * the namespaces chosen, `-p` owners, netstat's statuses and the place of the
 * `-g` memberships after the Internet sections.
 */
import { catchError, concat, concatMap, defer, EMPTY, from, map, mergeMap, of, toArray, type Observable } from "rxjs";
import { recordOptions, socketRecord } from "../format/listing-record.ts";
import { sctpNumericOf } from "../format/socket-listing-text.ts";
import { socketJsonStage, socketTableStage, type SocketRecordStage } from "../format/socket-stages.ts";
import { listedSockets$ } from "../pipeline/socket-listing.ts";
import { planNetns } from "../sources/netns.ts";
import { finalStage } from "../format/registry.ts";
import type { NetnsLabel } from "../model/netns.ts";
import type { Group } from "../model/group.ts";
import type { Item } from "../model/pipeline.ts";
import { untilFailure } from "../operators/exit-status.ts";
import { groupItems$ } from "../pipeline/groups.ts";
import { INITIAL_GROUP_STATE } from "../proc/net-igmp.ts";
import type { ProcRoot } from "../sources/proc-root.ts";
import { staged$ } from "./staged.ts";
import { concatUntilFailure, err, status, writtenOutput, type Output } from "./output.ts";
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
  type Place,
  type RecordContext,
} from "./socket-places.ts";

export type { RecordContext } from "./socket-places.ts";

/** Output, or the status a failure ends the pass with and whether it came at unix or later (after `-g`'s place). */
type Piece = Output | { readonly kind: "ends"; readonly code: number; readonly late: boolean };

/** One place's records and warnings through the stage; a namespace place is held until it is known not to have ended. */
function place$(ctx: RecordContext, place: Place, part: "inet" | "all", stage: SocketRecordStage, owners: ReturnType<typeof passOwners>): Observable<Piece> {
  const { options } = ctx;
  const record = recordOptions(options);
  const lookup = ownersAt(owners, place);
  const naming = { resolver: ctx.resolver, numericSctp: sctpNumericOf(options) };
  let failed = false;
  const tables$ = listedSockets$(place.root, options, part, { userUid: ctx.userUid, lookup }, naming).pipe(
    concatMap((item): Observable<Piece> => {
      switch (item.kind) {
        case "sockets":
          return from(stage.add(item.sockets.map((s) => socketRecord(s, ctx, record, owners, lookup, place)))).pipe(map(writtenOutput));
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
    const { options } = ctx;
    const stage =
      options.format === "table"
        ? socketTableStage(options, { owners: recordOptions(options).owners, netns: ctx.netns !== undefined, colour: ctx.colour, unix: part === "all" })
        : socketJsonStage(options, at);
    let ends: Piece | undefined;
    const pieces$ = from(chosen.places).pipe(
      concatMap((place) => place$(ctx, place, part, stage, owners)),
      concatMap((piece) => {
        if (piece.kind !== "ends") return of(piece);
        ends ??= piece;
        return EMPTY;
      }),
    );
    return concat(from([...chosen.notes, ...owners.warnings].map(err)), pieces$, defer(() => from(stage.end()).pipe(map(writtenOutput))), defer(() => (ends === undefined ? EMPTY : of(ends))));
  });
}

/** One namespace's `-g` memberships through the format's stage, each file read from a fresh reader state, then their status. */
function groupsAt$(ctx: RecordContext, root: ProcRoot, label: NetnsLabel | undefined): Observable<Output> {
  const { options, resolver } = ctx;
  const items = groupItems$({ root, options, resolver, state: { value: INITIAL_GROUP_STATE } }).pipe(untilFailure());
  const labelled: Observable<Item<Group>> = label === undefined ? items : concat(of({ kind: "namespace", label } as const), items);
  return staged$(labelled, finalStage("groups", options.format), { options, resolver, colour: ctx.colour, now: ctx.now, pass: 1 });
}

/** The `-g` memberships of the records listing, in each chosen namespace. */
function memberships$(ctx: RecordContext): Observable<Output> {
  const { netns } = ctx;
  if (netns === undefined) return groupsAt$(ctx, ctx.root, undefined);
  // Each namespace's memberships, read through its own processes and labelled with it.
  return defer(() => concatUntilFailure(planNetns(ctx.root, netns, ctx.netnsDir).targets.map((t) => groupsAt$(ctx, t.root, t.label))));
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
