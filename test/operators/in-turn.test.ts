import { describe, expect, test } from "bun:test";
import { delay, lastValueFrom, of, take, toArray } from "rxjs";
import { inTurn } from "../../src/operators/in-turn.ts";

/** A generator that records how far it was pulled and whether it was closed. */
function tracked(count: number): { readonly log: string[]; items: () => Iterable<number> } {
  const log: string[] = [];
  return {
    log,
    items: () =>
      (function* gen(): Generator<number> {
        try {
          for (let i = 0; i < count; i++) {
            log.push(`pull ${i}`);
            yield i;
          }
        } finally {
          log.push("closed");
        }
      })(),
  };
}

describe("inTurn", () => {
  test("inTurn emits every item's values in order", async () => {
    const src = tracked(3);
    const values = await lastValueFrom(inTurn(src.items, (i) => of(i * 10, i * 10 + 1)).pipe(toArray()));
    expect(values).toEqual([0, 1, 10, 11, 20, 21]);
    expect(src.log).toEqual(["pull 0", "pull 1", "pull 2", "closed"]);
  });

  test("inTurn pulls the next item only after the previous observable completed", async () => {
    const src = tracked(3);
    const seen: string[] = [];
    await lastValueFrom(
      inTurn(src.items, (i) => {
        seen.push(`project ${i} after ${src.log.at(-1)}`);
        return of(i).pipe(delay(1));
      }).pipe(toArray()),
    );
    expect(seen).toEqual(["project 0 after pull 0", "project 1 after pull 1", "project 2 after pull 2"]);
  });

  test("inTurn closes the source when unsubscribed early", async () => {
    const src = tracked(100);
    const values = await lastValueFrom(inTurn(src.items, (i) => of(i)).pipe(take(2), toArray()));
    expect(values).toEqual([0, 1]);
    expect(src.log.at(-1)).toBe("closed");
    expect(src.log.filter((l) => l.startsWith("pull"))).toHaveLength(2);
  });

  test("inTurn sends an error from the source down the error channel", async () => {
    const failing = (): Iterable<number> => {
      throw new Error("Cannot open");
    };
    await expect(lastValueFrom(inTurn(failing, (i) => of(i)))).rejects.toThrow("Cannot open");
  });

  test("inTurn completes at once for an empty source", async () => {
    const values = await lastValueFrom(inTurn(() => [], (i: number) => of(i)).pipe(toArray()));
    expect(values).toEqual([]);
  });
});
