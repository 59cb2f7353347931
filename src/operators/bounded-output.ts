/**
 * Output for a slow reader, kept within bounds: while more than `limit`
 * characters wait for the reader, records are dropped and counted instead
 * of queued, until the reader is down to half the limit; then one record
 * made by `gapOf` says how many were lost, where they were. Diagnostics
 * always pass.
 *
 * Records that come in one synchronous run (one poll's events) are kept or
 * dropped whole, as the queue stood when the run began: no reader, however
 * fast, can read any of a run before it has all been emitted, so a run
 * larger than the limit must not lose its tail. What waits is then at most
 * the limit and one run.
 */
import { concatMap, connect, defer, from, ignoreElements, merge, of, takeUntil, endWith, type MonoTypeOperatorFunction, type Observable } from "rxjs";
import { record, type Item } from "../model/pipeline.ts";

/** Drops records while `queued()` exceeds `limit`; a gap record follows once the reader caught up, checked at each record and each `check$`. */
export function boundedOutput<R>(queued: () => number, limit: number, gapOf: (lost: number) => R, check$: Observable<unknown>): MonoTypeOperatorFunction<Item<R>> {
  return (source) =>
    defer(() => {
      let dropped = 0;
      // Whether the current synchronous run of records is kept; undefined between runs.
      let keeping: boolean | undefined;
      const caughtUp = (): Item<R>[] => {
        if (dropped === 0 || queued() > limit / 2) return [];
        const gap = record(gapOf(dropped));
        dropped = 0;
        return [gap];
      };
      return source.pipe(
        connect((items) =>
          merge(
            items.pipe(
              concatMap((item) => {
                if (item.kind !== "record" && item.kind !== "batch") return of(item);
                const fresh = keeping === undefined;
                const before = fresh ? caughtUp() : [];
                if (fresh) {
                  // Once dropping, it goes on until the reader caught up, so that the gap stands where the loss began.
                  keeping = dropped === 0 && queued() <= limit;
                  queueMicrotask(() => (keeping = undefined));
                }
                if (keeping === true) return from([...before, item]);
                dropped += item.kind === "record" ? 1 : item.records.length;
                return from(before);
              }),
            ),
            check$.pipe(
              takeUntil(items.pipe(ignoreElements(), endWith(true))),
              concatMap(() => from(caughtUp())),
            ),
          ),
        ),
      );
    });
}
