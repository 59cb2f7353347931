/** boundedOutput: records a slow reader cannot take are counted, and a gap says how many once it caught up. */
import { expect, test } from "bun:test";
import { lastValueFrom, Subject, toArray } from "rxjs";
import { diagnostic, record, type Item } from "../../src/model/pipeline.ts";
import { boundedOutput } from "../../src/operators/bounded-output.ts";

/** The end of a synchronous run: the microtasks queued meanwhile have run. */
const endOfRun = (): Promise<void> => Promise.resolve();

test("records past the limit are dropped and counted; diagnostics pass; the gap comes once the queue is down to half", async () => {
  let queued = 0;
  const source = new Subject<Item<string>>();
  const check = new Subject<void>();
  const out = lastValueFrom(source.pipe(boundedOutput(() => queued, 100, (lost) => `gap ${lost}`, check), toArray()));
  source.next(record("a"));
  await endOfRun();
  queued = 150;
  source.next(record("b"));
  source.next(diagnostic({ kind: "bluetooth-unsupported" }));
  source.next({ kind: "batch", records: ["c", "d"] });
  await endOfRun();
  queued = 60;
  check.next();
  source.next(record("e"));
  await endOfRun();
  queued = 40;
  check.next();
  source.next(record("f"));
  source.complete();
  const items = await out;
  expect(items.map((i) => (i.kind === "record" ? i.record : i.kind === "batch" ? i.records.join("") : i.kind))).toEqual(["a", "diagnostic", "gap 4", "f"]);
});

test("it completes with its source, though the checks never do", async () => {
  const source = new Subject<Item<string>>();
  const out = lastValueFrom(source.pipe(boundedOutput(() => 0, 1, String, new Subject<void>()), toArray()));
  source.next(record("a"));
  source.complete();
  expect((await out).length).toBe(1);
});

test("a synchronous run is kept whole when it began within the limit, however much it queues; the next run is judged afresh", async () => {
  let queued = 0;
  const source = new Subject<Item<string>>();
  const out = lastValueFrom(source.pipe(boundedOutput(() => queued, 100, (lost) => `gap ${lost}`, new Subject<void>()), toArray()));
  for (const r of ["a", "b", "c"]) {
    source.next(record(r));
    queued += 80;
  }
  await endOfRun();
  source.next(record("d"));
  source.next(record("e"));
  await endOfRun();
  queued = 0;
  source.next(record("f"));
  source.complete();
  const items = await out;
  expect(items.map((i) => (i.kind === "record" ? i.record : i.kind))).toEqual(["a", "b", "c", "gap 2", "f"]);
});
