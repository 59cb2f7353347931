/**
 * Settling a run's status as data: `untilFailure` ends a pass after the
 * first diagnostic that fails it (netstat stops there), and `exitStatus`
 * emits the run's status once its items complete (model/exit-status.ts).
 */
import { last, scan, startWith, takeWhile, type MonoTypeOperatorFunction, type OperatorFunction } from "rxjs";
import { statusOf } from "../model/exit-status.ts";
import type { Item } from "../model/pipeline.ts";

/** Passes items through, completing right after the first diagnostic that fails the run. */
export function untilFailure<T extends Item<unknown>>(): MonoTypeOperatorFunction<T> {
  return takeWhile((item) => !(item.kind === "diagnostic" && statusOf(item.diagnostic) !== 0), true);
}

/** Emits the exit status once the items complete: the first failing diagnostic's status, else 0. */
export function exitStatus<T extends Item<unknown>>(): OperatorFunction<T, number> {
  return (items) =>
    items.pipe(
      scan((code, item) => (code !== 0 || item.kind !== "diagnostic" ? code : statusOf(item.diagnostic)), 0),
      startWith(0),
      last(),
    );
}
