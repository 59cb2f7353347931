/**
 * `GET /events`: the shared watch's NDJSON lines, one response stream per
 * client. What a client has not read is counted in the stream's queue;
 * while more than the limit waits, lines are dropped for that client only,
 * and once it has caught up one `gap` line says how many it lost
 * (operators/bounded-output.ts), so a slow client never holds memory
 * without bound nor slows the others.
 */
import { interval, map, type Observable, type Subscription } from "rxjs";
import { record } from "../model/pipeline.ts";
import { boundedOutput } from "../operators/bounded-output.ts";
import { ndjsonLine } from "../format/ndjson.ts";
import { eventObject } from "../format/socket-event.ts";

/** How many characters may wait for one slow client before its lines are dropped. */
export const CLIENT_LIMIT = 1 << 20;

/** How often a client that fell behind is checked for having caught up, in ms. */
const CATCH_UP_CHECK_MS = 100;

/** The NDJSON line saying that `lost` events were not sent to a slow client. */
export function gapLine(lost: number, at: number): string {
  return ndjsonLine(eventObject({ event: "gap", at, lost, cause: "reader" }));
}

/** One client's stream of `lines$`, bounded by `limit` characters waiting. */
export function eventStream(lines$: Observable<string>, now: () => number, limit = CLIENT_LIMIT): ReadableStream<string> {
  let subscription: Subscription | undefined;
  return new ReadableStream<string>(
    {
      start(controller) {
        // With a high-water mark of 0, what waits for the client is minus the desired size.
        const queued = (): number => -(controller.desiredSize ?? 0);
        subscription = lines$
          .pipe(
            map((line) => record(line)),
            boundedOutput(queued, limit, (lost) => gapLine(lost, now()), interval(CATCH_UP_CHECK_MS)),
          )
          .subscribe({
            next: (item) => {
              if (item.kind === "record") controller.enqueue(item.record);
            },
            error: () => controller.close(),
            complete: () => controller.close(),
          });
      },
      cancel() {
        subscription?.unsubscribe();
      },
    },
    { highWaterMark: 0, size: (chunk) => chunk?.length ?? 0 },
  );
}
