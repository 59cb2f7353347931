/**
 * What `/metrics` serves: one reading of the socket listing (with the
 * protocol counters), shared by the scrapes that come while it is under
 * way (serve/shared-reading.ts), written in the exposition each scrape
 * negotiated by the listing's Prometheus stage (format/exposition-stage.ts),
 * with the event families summed since the start.
 * A reading's messages (a `-p` warning, an unreadable table) go to `say`.
 */
import { from, lastValueFrom, toArray } from "rxjs";
import { listingExposition } from "../format/exposition-stage.ts";
import type { MetricFamily } from "../format/exposition.ts";
import type { StageContext } from "../format/stages.ts";
import type { Item } from "../model/pipeline.ts";
import type { ListingRecord } from "../pipeline/socket-listing.ts";
import type { Exposition } from "../serve/accept.ts";
import { sharedReading } from "../serve/shared-reading.ts";
import { createProcRoot } from "../sources/proc-root.ts";
import { socketItems$, type PassContext } from "./plan.ts";

/** One reading's items, when it began and ended (ms since the epoch), and its expositions once written. */
interface Reading {
  readonly items: readonly Item<ListingRecord>[];
  readonly startedAt: number;
  readonly endedAt: number;
  readonly written: Map<Exposition, Promise<Uint8Array>>;
}

/** The metrics of `ctx`'s run in an exposition, from a shared reading; `say` gets the readings' messages. */
export function exporterMetrics(ctx: PassContext, eventFamilies: () => MetricFamily[], say: (text: string) => void): (exposition: Exposition) => Promise<Uint8Array> {
  const options = { ...ctx.options, format: "prometheus" as const };
  const reading = { ...ctx, options };
  const root = createProcRoot(options.procRoot);
  const read = sharedReading(async (): Promise<Reading> => {
    // The reading runs without a pause, so it starts only once the requests already come in have joined it.
    await new Promise((resolve) => setImmediate(resolve));
    const startedAt = Date.now();
    const items = await lastValueFrom(socketItems$(reading, root).pipe(toArray()));
    return { items, startedAt, endedAt: Date.now(), written: new Map() };
  });
  /** A reading in one exposition: the scrapes that share the reading share its writing too. */
  const write = async (r: Reading, exposition: Exposition): Promise<Uint8Array> => {
    // The stage times the reading by its clock's first and last word: those of the reading, not of this writing.
    let asked = 0;
    const stage: StageContext = { options, resolver: ctx.resolver, colour: false, now: () => (asked++ === 0 ? r.startedAt : r.endedAt), pass: 1, eventFamilies };
    const written = await lastValueFrom(from(r.items).pipe(listingExposition(exposition)(stage), toArray()));
    let body = "";
    for (const w of written) {
      if (w.stream === "stdout") body += w.text;
      else say(w.text);
    }
    // The stage writes UTF-8 bytes one per character (model/bytes.ts).
    return Buffer.from(body, "latin1");
  };
  return async (exposition) => {
    const r = await read();
    let body = r.written.get(exposition);
    if (body === undefined) r.written.set(exposition, (body = write(r, exposition)));
    return body;
  };
}
