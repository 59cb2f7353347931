/** Polling for `--watch`: read at once, then every period, never overlapping reads. */
import { exhaustMap, timer, type Observable, type SchedulerLike } from "rxjs";

/** Subscribes to `read$` at time 0 and every `periodMs`; a tick that falls during a read is skipped. */
export function poll<T>(read$: Observable<T>, periodMs: number, scheduler?: SchedulerLike): Observable<T> {
  const ticks = scheduler === undefined ? timer(0, periodMs) : timer(0, periodMs, scheduler);
  return ticks.pipe(exhaustMap(() => read$));
}
