/** Polling for `--watch`: read at once, then every period, never overlapping reads. */
import { EMPTY, Observable, timer, type SchedulerLike, type Subscription } from "rxjs";

/**
 * Subscribes to `read$` at time 0, every `periodMs`, and whenever `now$` emits. A tick that falls
 * during a read is skipped; a `now$` that falls during one reads again as soon as it ends, since
 * what it asks for is a reading made after it.
 */
export function poll<T>(read$: Observable<T>, periodMs: number, scheduler?: SchedulerLike, now$: Observable<unknown> = EMPTY): Observable<T> {
  return new Observable<T>((subscriber) => {
    let reading = false;
    let again = false;
    let current: Subscription | undefined;
    const read = (): void => {
      reading = true;
      // A read that completes at once has ended before subscribe returns.
      current = read$.subscribe({
        next: (value) => subscriber.next(value),
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          reading = false;
          if (again) {
            again = false;
            read();
          }
        },
      });
    };
    const ticks = (scheduler === undefined ? timer(0, periodMs) : timer(0, periodMs, scheduler)).subscribe(() => {
      if (!reading) read();
    });
    const asked = now$.subscribe(() => {
      if (!reading) read();
      else again = true;
    });
    return () => {
      ticks.unsubscribe();
      asked.unsubscribe();
      current?.unsubscribe();
    };
  });
}
