/** The merge of polls and the kernel's close notifications: one open and one close per socket, matched by cookie. */
import { describe, expect, test } from "bun:test";
import { from, lastValueFrom, toArray } from "rxjs";
import type { SocketEvent } from "../../src/model/event.ts";
import type { NetworkRecord, SocketRecord } from "../../src/model/record.ts";
import { lifecycles, type WatchInput } from "../../src/operators/lifecycles.ts";
import { tcpRecord } from "../_support/records.ts";

const tcp = (localPort: number, foreignPort: number, state: string, inode: number, foreign = "127.0.0.1"): NetworkRecord => tcpRecord(localPort, foreignPort, state, inode, { foreign });

/** Polls whose records carry cookies by a table the test keeps. */
function pollsWith(cookies: Map<SocketRecord, number>) {
  return (at: number, records: readonly SocketRecord[]): WatchInput => ({ kind: "poll", snapshot: { at, records, cookieOf: (r) => cookies.get(r) } });
}

const closed = (at: number, cookie: number, record: SocketRecord, admitted = true): WatchInput => ({
  kind: "closed",
  at,
  cookie,
  record,
  admitted,
  counters: { bytes_received: 1001, bytes_acked: 1000 },
});

async function eventsOf(inputs: readonly WatchInput[], includeExisting = false): Promise<SocketEvent[]> {
  return lastValueFrom(from(inputs).pipe(lifecycles(includeExisting), toArray()));
}

const summary = (events: readonly SocketEvent[]): string[] =>
  events.map((e) => (e.event === "gap" ? `gap:${e.lost}` : `${e.event}:${e.record.kind === "network" ? e.record.local_port_num : 0}:${e.record.state}${e.event === "close" ? `:${e.source ?? "poll"}` : ""}${e.event === "open" && e.inferred ? ":inferred" : ""}`));

describe("lifecycles", () => {
  const listener = tcp(80, 0, "LISTEN", 10);
  const conn = tcp(80, 5000, "ESTABLISHED", 11);
  const remnant = tcp(80, 5000, "TIME_WAIT", 0);

  test("a followed socket's notification closes it at once, with its counters; its TIME_WAIT remnant says nothing later", async () => {
    const cookies = new Map<SocketRecord, number>([
      [listener, 1],
      [conn, 2],
      [remnant, 2],
    ]);
    const poll = pollsWith(cookies);
    const events = await eventsOf([poll(100, [listener]), poll(200, [listener, conn]), closed(250, 2, tcp(80, 5000, "CLOSE", 0)), poll(300, [listener, remnant]), poll(400, [listener])]);
    expect(summary(events)).toEqual(["open:80:ESTABLISHED", "close:80:ESTABLISHED:kernel"]);
    const close = events[1] as Extract<SocketEvent, { event: "close" }>;
    expect([close.at, close.firstSeen, close.lastSeen, close.record.inode, close.counters?.bytes_received]).toEqual([250, 200, 250, 11, 1001]);
  });

  test("an aborted socket keeps the addresses the polls saw, not the notification's zeroed peer", async () => {
    const poll = pollsWith(new Map<SocketRecord, number>([[conn, 2]]));
    const events = await eventsOf([poll(100, []), poll(200, [conn]), closed(250, 2, tcp(80, 0, "CLOSE", 0, "0.0.0.0"))]);
    const close = events.at(-1) as Extract<SocketEvent, { event: "close" }>;
    expect([close.record.kind === "network" && close.record.foreign_address, close.record.kind === "network" && close.record.foreign_port_num]).toEqual(["127.0.0.1", 5000]);
  });

  test("a socket no poll saw is an inferred open just before its kernel close, once", async () => {
    const poll = pollsWith(new Map());
    const short = tcp(80, 6000, "CLOSE", 0);
    const events = await eventsOf([poll(100, []), closed(150, 7, short), closed(151, 7, short), poll(200, [])]);
    expect(summary(events)).toEqual(["open:80:CLOSE:inferred", "close:80:CLOSE:kernel"]);
    const [open, close] = events as [Extract<SocketEvent, { event: "open" }>, Extract<SocketEvent, { event: "close" }>];
    expect([open.at, close.at, close.firstSeen]).toEqual([150, 150, null]);
  });

  test("a socket a notification tells of but the watch does not list says nothing", async () => {
    const events = await eventsOf([pollsWith(new Map())(100, []), closed(150, 7, tcp(80, 6000, "CLOSE", 0), false)]);
    expect(events).toEqual([]);
  });

  test("a poll that closed a socket first keeps that close: the late notification adds nothing", async () => {
    const poll = pollsWith(new Map<SocketRecord, number>([[conn, 2]]));
    const events = await eventsOf([poll(100, []), poll(200, [conn]), poll(300, []), closed(301, 2, tcp(80, 5000, "CLOSE", 0))]);
    expect(summary(events)).toEqual(["open:80:ESTABLISHED", "close:80:ESTABLISHED:poll"]);
  });

  test("a socket in the poll being read when its notification came is closed once, by the kernel", async () => {
    const poll = pollsWith(new Map<SocketRecord, number>([[conn, 2]]));
    const events = await eventsOf([poll(100, []), closed(150, 2, tcp(80, 5000, "CLOSE", 0)), poll(140, [conn]), poll(300, [])]);
    expect(summary(events)).toEqual(["open:80:CLOSE:inferred", "close:80:CLOSE:kernel"]);
  });

  test("where the kernel tells every close, a socket first seen in TIME_WAIT is a remnant: its own cookie makes it neither an open nor, later, a close", async () => {
    const short = tcp(80, 6000, "CLOSE", 0);
    const tw = tcp(80, 6000, "TIME_WAIT", 0);
    const cookies = new Map<SocketRecord, number>([[tw, 8]]);
    const poll = (at: number, records: readonly SocketRecord[]): WatchInput => ({ kind: "poll", snapshot: { at, records, cookieOf: (r) => cookies.get(r) }, told: () => true });
    const events = await eventsOf([poll(100, []), closed(150, 7, short), poll(200, [tw]), poll(300, [tw]), poll(400, [])]);
    expect(summary(events)).toEqual(["open:80:CLOSE:inferred", "close:80:CLOSE:kernel"]);
    // Without the kernel's word, the same remnant is a socket the polls saw come and go.
    const untold = await eventsOf([pollsWith(cookies)(100, []), pollsWith(cookies)(200, [tw]), pollsWith(cookies)(400, [])]);
    expect(summary(untold)).toEqual(["open:80:TIME_WAIT", "close:80:TIME_WAIT:poll"]);
  });

  test("sockets read without cookies keep the polls' close; gaps pass through", async () => {
    const poll = pollsWith(new Map());
    const events = await eventsOf([poll(100, [conn]), { kind: "gap", at: 150, lost: 12 }, poll(200, [])]);
    expect(summary(events)).toEqual(["gap:12", "close:80:ESTABLISHED:poll"]);
  });
});
