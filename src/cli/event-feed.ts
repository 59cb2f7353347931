/**
 * The socket events the metrics follow: the watch the event families sum up between the readings
 * of a repeated exposition (`-c`), and `--serve`'s shared watch.
 */
import { catchError, defer, EMPTY, ignoreElements, of, tap, type Observable } from "rxjs";
import { metricsOptions } from "../format/exposition-stage.ts";
import { EventMetrics } from "../format/metric-events.ts";
import type { SocketEvent } from "../model/event.ts";
import type { Options } from "../model/options.ts";
import type { Item } from "../model/pipeline.ts";
import { createProcRoot } from "../sources/proc-root.ts";
import { err, type Output } from "./output.ts";
import { watchPass$, type PassContext } from "./plan.ts";

/**
 * The watch the event metrics follow (and `--serve`'s /events): `--watch` of the same sockets, the
 * ones there at the start reported as existing, so that they teach the listeners but opened nothing.
 */
export function eventWatch$(ctx: PassContext): Observable<Item<SocketEvent>> {
  const watching: Options = { ...ctx.options, watch: true, includeExisting: true, closes: false, continuous: false };
  return watchPass$({ ...ctx, options: watching, queued: () => 0 }, createProcRoot(ctx.options.procRoot));
}

/**
 * What a repeated exposition (`--format prometheus -c`, `--textfile -c`) follows between its
 * readings: the `--watch` event stream of the same sockets, summed into the run's event metrics,
 * which every later reading writes. Nothing of it is printed but one sentence if it stops.
 */
export function eventFeed$(ctx: PassContext): Observable<Output> {
  const { options } = ctx;
  if (options.format !== "prometheus" || !options.continuous) return EMPTY;
  return defer(() => {
    const events = new EventMetrics(metricsOptions(options));
    ctx.state.events = events;
    return eventWatch$(ctx).pipe(
      tap((item) => {
        if (item.kind === "record") events.add(item.record);
        else if (item.kind === "batch") for (const e of item.records) events.add(e);
      }),
      ignoreElements(),
      catchError((error: unknown) => of(err(`netstat-stream: Cannot follow socket events for the event metrics: ${error instanceof Error ? error.message : String(error)}\n`))),
    );
  });
}

