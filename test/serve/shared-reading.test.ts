/** sharedReading: callers during a reading share it; the next caller after it starts afresh. */
import { expect, test } from "bun:test";
import { sharedReading } from "../../src/serve/shared-reading.ts";

test("sharedReading gives concurrent callers one reading and later callers a new one", async () => {
  let readings = 0;
  let release: (() => void) | undefined;
  const read = sharedReading(async () => {
    const n = ++readings;
    await new Promise<void>((r) => (release = r));
    return n;
  });
  const first = Promise.all(Array.from({ length: 100 }, () => read()));
  await Bun.sleep(1);
  release!();
  expect(new Set(await first)).toEqual(new Set([1]));
  const second = read();
  await Bun.sleep(1);
  release!();
  expect(await second).toBe(2);
  expect(readings).toBe(2);
});

test("sharedReading lets the next caller read again after a reading fails", async () => {
  let calls = 0;
  const read = sharedReading(() => (++calls === 1 ? Promise.reject(new Error("gone")) : Promise.resolve(calls)));
  await expect(read()).rejects.toThrow("gone");
  expect(await read()).toBe(2);
});
