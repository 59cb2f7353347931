/** Polling for `--watch`: read at once, then every period, never overlapping reads. */
import { EMPTY, exhaustMap, merge, timer, type Observable, type SchedulerLike } from "rxjs";

/** Subscribes to `read$` at time 0, every `periodMs`, and whenever `now$` emits; a tick that falls during a read is skipped. */
export function poll<T>(read$: Observable<T>, periodMs: number, scheduler?: SchedulerLike, now$: Observable<unknown> = EMPTY): Observable<T> {
  const ticks = scheduler === undefined ? timer(0, periodMs) : timer(0, periodMs, scheduler);
  return merge(ticks, now$).pipe(exhaustMap(() => read$));
}
