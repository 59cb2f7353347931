/**
 * The watch pipeline with a listener the test drives: a close the kernel tells of reaches the
 * stream without waiting for a poll, a socket no poll saw gets an inferred open before it, a
 * drop is a gap followed at once by a fresh poll, and a listener that cannot open is one
 * sentence on stderr.
 */
import { expect, test } from "bun:test";
import type { Output } from "../../src/cli/output.ts";
import type { Drained, OpenCloseListener } from "../../src/pipeline/kernel-closes.ts";
import { parseNetInet } from "../../src/proc/net-inet.ts";
import { tcpRows } from "../_support/synthetic-proc.ts";
import { watchOver, type WatchStep } from "../_support/watch-harness.ts";

/** Runs `--watch` over `tree` with `listen`, until each step holds. */
const watchWith = (args: readonly string[], tree: Record<string, string>, listen: OpenCloseListener, steps: readonly WatchStep[]): Promise<Output[]> =>
  watchOver(args, tree, steps, listen);

const events = (outputs: readonly Output[]): Record<string, unknown>[] =>
  outputs.flatMap((o) => (o.kind === "stdout" ? o.text.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) : []));

/** A listener whose drains give what the test queued. */
function queued(): { listen: OpenCloseListener; push: (d: Drained) => void; closed: () => boolean } {
  const pending: Drained[] = [];
  let closed = false;
  return {
    listen: () => ({ drain: () => pending.shift() ?? { destroyed: [] }, close: () => void (closed = true) }),
    push: (d) => void pending.push(d),
    closed: () => closed,
  };
}

const [polled, unseen] = parseNetInet(tcpRows(2), "tcp").records as [NonNullable<ReturnType<typeof parseNetInet>["records"][0]>, NonNullable<ReturnType<typeof parseNetInet>["records"][0]>];

test("a close no poll saw is an inferred open and a kernel close, long before the next poll", async () => {
  const kernel = queued();
  const tree = { "net/tcp": tcpRows(1), "net/tcp6": tcpRows(0) };
  const outputs = await watchWith(["--watch", "-tn", "--json", "--interval", "30s"], tree, kernel.listen, [
    () => {
      kernel.push({ destroyed: [{ cookie: 9, socket: { ...unseen, state: 7 }, counters: { bytes_received: 1001, bytes_acked: 1000 } }] });
      return true;
    },
    (o) => events(o).length === 2,
  ]);
  expect(events(outputs).map((e) => [e["event"], e["inode"], e["inferred"] ?? null, e["source"] ?? null, e["bytes_received"] ?? null, e["first_seen"]])).toEqual([
    ["open", unseen.inode, true, null, null, undefined],
    ["close", unseen.inode, null, "kernel", 1001, null],
  ]);
  expect(kernel.closed()).toBe(true);
});

test("a drop is a gap, and a fresh poll follows at once", async () => {
  const kernel = queued();
  const tree: Record<string, string> = { "net/tcp": tcpRows(2), "net/tcp6": tcpRows(0) };
  const outputs = await watchWith(["--watch", "-tn", "--json", "--include-existing", "--interval", "30s"], tree, kernel.listen, [
    (o) => events(o).length === 2,
    () => {
      tree["net/tcp"] = tcpRows(1);
      kernel.push({ destroyed: [], lost: { count: 3 } });
      return true;
    },
    (o) => events(o).length === 4,
  ]);
  expect(events(outputs).slice(2).map((e) => [e["kind"], e["event"] ?? null, e["lost"] ?? null, e["source"] ?? null, e["inode"] ?? null])).toEqual([
    ["gap", null, 3, "kernel", null],
    ["network", "close", null, "poll", polled.inode + 1],
  ]);
});

test("a listener that cannot open is said once, and the polls go on", async () => {
  const outputs = await watchWith(["--watch", "-tn", "--interval", "20ms"], { "net/tcp": tcpRows(1), "net/tcp6": tcpRows(0) }, () => ({ unavailable: "no inet_diag" }), [
    (o) => o.filter((x) => x.kind === "stderr").length === 1,
  ]);
  expect(outputs).toEqual([{ kind: "stderr", text: "netstat-stream: every close comes from polls, so a socket that opens and closes between two polls is not seen: no inet_diag\n" }]);
});

test("a later poll that cannot read a table is skipped with one warning, and the watch goes on without closing its sockets", async () => {
  const tree: Record<string, string | { error: string }> = { "net/tcp": tcpRows(2), "net/tcp6": tcpRows(0) };
  const outputs = await watchWith(["--watch", "-tn", "--json", "--include-existing", "--interval", "20ms"], tree as Record<string, string>, queued().listen, [
    (o) => events(o).length === 2,
    () => {
      tree["net/tcp"] = { error: "EISDIR" };
      return true;
    },
    (o) => o.some((x) => x.kind === "stderr"),
    () => {
      tree["net/tcp"] = tcpRows(1);
      return true;
    },
    (o) => events(o).length === 3,
  ]);
  expect(outputs.filter((o) => o.kind === "stderr")).toEqual([
    { kind: "stderr", text: "netstat-stream: a poll was skipped and the watch goes on: /proc/net/tcp: Is a directory\n" },
  ]);
  expect(events(outputs).map((e) => [e["event"], e["inode"]])).toEqual([
    ["open", polled.inode],
    ["open", polled.inode + 1],
    ["close", polled.inode + 1],
  ]);
});
