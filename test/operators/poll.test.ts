import { expect, test } from "bun:test";
import { TestScheduler } from "rxjs/testing";
import { poll } from "../../src/operators/poll.ts";

const scheduler = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

test("poll reads at once and then every period, in virtual time", () => {
  const s = scheduler();
  s.run(({ cold, expectObservable, expectSubscriptions }) => {
    const read = cold("(r|)", { r: 1 });
    expectObservable(poll(read, 3), "^-------!").toBe("r--r--r-", { r: 1 });
    expectSubscriptions(read.subscriptions).toBe(["(^!)", "---(^!)", "------(^!)"]);
  });
});

test("poll skips ticks while a read is still running", () => {
  scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
    const read = cold("----(r|)", { r: 1 });
    expectObservable(poll(read, 2), "^--------!").toBe("----r---r", { r: 1 });
    expectSubscriptions(read.subscriptions).toBe(["^---!", "----^---!", "--------^!"]);
  });
});

test("poll passes a failing read on as an error and stops", () => {
  scheduler().run(({ cold, expectObservable }) => {
    const read = cold("-#", undefined, new Error("gone"));
    expectObservable(poll(read, 2)).toBe("-#", undefined, new Error("gone"));
  });
});
