import { describe, expect, test } from "bun:test";
import { INITIAL_TOP_MODEL, stepTopModel, type TopModel } from "../../src/operators/top-groups.ts";
import type { TopInput, TopSocket } from "../../src/operators/top-model.ts";
import { renderTop, type TopScreenContext } from "../../src/format/top-screen.ts";
import { bytesText, topRows } from "../../src/format/top-rows.ts";
import { initialTopView, topKey, type TopView } from "../../src/format/top-view.ts";
import { tcpRecord } from "../_support/records.ts";
import { apply, grid, gridOf, textOf } from "../_support/vt.ts";
import { fullScreen, screenDiff } from "../../src/format/top-diff.ts";

const ctx: TopScreenContext = { intervalMs: 1000, ownersNote: undefined, colour: false };

function conn(port: number, pid: number, program: string, foreign: string): TopSocket["record"] {
  return { ...tcpRecord(port, 443, "ESTABLISHED", port, { pid, foreign }), program_name: program };
}

function socket(record: TopSocket["record"], cookie: number, rx: number, tx: number): TopSocket {
  return { record, cookie, counters: { bytes_received: rx, bytes_acked: tx, rtt_us: 1500 } };
}

const a = conn(40001, 101, "curl", "203.0.113.2");
const b = conn(40002, 102, "rsync", "203.0.113.3");
const c = conn(40003, 103, "sshd", "203.0.113.4");

/** Two readings: curl sends 2 MB/s, rsync 1 MB/s and receives 3 MB/s, sshd is idle. */
function model(): TopModel {
  const inputs: TopInput[] = [
    { kind: "reading", at: 0, sockets: [socket(a, 1, 0, 0), socket(b, 2, 0, 0), socket(c, 3, 0, 0)] },
    { kind: "reading", at: 1000, sockets: [socket(a, 1, 0, 2_000_000), socket(b, 2, 3_000_000, 1_000_000), socket(c, 3, 0, 0)] },
  ];
  return inputs.reduce(stepTopModel, INITIAL_TOP_MODEL);
}

function rowsText(m: TopModel, view: TopView): string[] {
  return textOf(renderTop(m, view, ctx).lines).slice(3, -1).filter((l) => l.trim() !== "");
}

describe("renderTop", () => {
  test("renderTop fills an 80x24 screen exactly, header, tabs, titles, rows and status", () => {
    const screen = renderTop(model(), initialTopView(80, 24, false, true), ctx);
    const text = textOf(screen.lines);
    expect(text.length).toBe(24);
    for (const l of text) expect(l.length).toBe(80);
    expect(text[0]).toBe("rx 3.00M/s tx 3.00M/s  total 3.00M 3.00M  3 sockets  1s  +0.0/s -0.0/s".padEnd(80));
    const wide = textOf(renderTop(model(), initialTopView(120, 24, false, true), ctx).lines);
    expect(wide[0]).toStartWith("rx 3.00M/s tx 3.00M/s  total rx 3.00M tx 3.00M  sockets 3  every 1s  new 0.0/s closed 0.0/s");
    expect(text[1]).toStartWith("[Processes] Connections  Remote hosts   sort: sent/s");
    expect(text[2]).toMatch(/^\s+PID PROGRAM\s+CONNS\s+RX\/s\s+TX\/s\s+RX\s+TX$/);
    expect(text[23]).toStartWith("rows 1-3 of 3  q quit");
  });

  test("renderTop sorts by sent, received or connections as the keys say", () => {
    const m = model();
    let view = initialTopView(80, 24, false, true);
    expect(rowsText(m, view).map((l) => l.split(/\s+/)[2])).toEqual(["curl", "rsync", "sshd"]);
    view = topKey(view, { char: "r" }, 3);
    expect(rowsText(m, view).map((l) => l.split(/\s+/)[2])).toEqual(["rsync", "curl", "sshd"]);
  });

  test("renderTop keeps rows that look equal where they were", () => {
    const m = model();
    const view = { ...initialTopView(80, 24, false, true), sort: "connections" as const, order: { processes: ["103", "101", "102"] } };
    expect(topRows(m, view).map((r) => r.id)).toEqual(["103", "101", "102"]);
  });

  test("renderTop filters rows by a substring of the row", () => {
    const m = model();
    let view = initialTopView(80, 24, false, true);
    for (const key of ["/", "r", "s", "y"]) view = topKey(view, { char: key }, 3);
    expect(textOf(renderTop(m, view, ctx).lines)[23]).toStartWith("/rsy_");
    view = topKey(view, "enter", 3);
    expect(rowsText(m, view)).toHaveLength(1);
    expect(rowsText(m, view)[0]).toContain("rsync");
    expect(textOf(renderTop(m, view, ctx).lines)[1]).toContain("filter: rsy");
  });

  test("renderTop shows the connections view with ends, state, rates, rtt and program", () => {
    const view = topKey(initialTopView(120, 24, false, true), "tab", 3);
    const rows = rowsText(model(), view);
    expect(rows[0]).toMatch(/^tcp\s+127\.0\.0\.1:40001\s+203\.0\.113\.2:443\s+ESTABLISHED\s+0\s+2\.00M\s+1\.5\s+0s\s+curl\s*$/);
  });

  test("renderTop says PAUSED, and shows help in place of the rows", () => {
    let view = topKey(initialTopView(80, 24, false, true), { char: " " }, 3);
    const text = textOf(renderTop(model(), view, ctx).lines);
    expect(text[1]).toContain("PAUSED");
    view = topKey(view, { char: "?" }, 3);
    expect(textOf(renderTop(model(), view, ctx).lines)[3]).toStartWith("q, Ctrl-C");
    view = topKey(view, { char: "x" }, 3);
    expect(view.help).toBe(false);
  });

  test("renderTop says why owners are missing", () => {
    const text = textOf(renderTop(model(), initialTopView(120, 24, false, true), { ...ctx, ownersNote: "other users' processes show - (not root)" }).lines);
    expect(text[1]).toContain("other users' processes show - (not root)");
  });

  test("renderTop colours states and the current tab only with colour", () => {
    const view = topKey(initialTopView(120, 24, false, true), "tab", 3);
    const plain = renderTop(model(), view, ctx).lines.flat();
    expect(plain.every((s) => s.sgr === "")).toBe(true);
    const coloured = renderTop(model(), view, { ...ctx, colour: true }).lines.flat();
    expect(coloured.some((s) => s.text.startsWith("ESTABLISHED") && s.sgr === "32")).toBe(true);
  });

  test("renderTop scrolls within the rows", () => {
    let view = initialTopView(80, 6, false, true);
    view = topKey(view, "pageDown", 3);
    expect(view.scroll).toBe(1);
    view = topKey(view, { char: "j" }, 3);
    expect(view.scroll).toBe(1);
    view = topKey(view, { char: "k" }, 3);
    expect(view.scroll).toBe(0);
  });
});

describe("renderTop over time", () => {
  test("renderTop moves a row only when its rank changes", () => {
    const inputs: TopInput[] = [
      { kind: "reading", at: 0, sockets: [socket(a, 1, 0, 0), socket(b, 2, 0, 0), socket(c, 3, 0, 0)] },
      // rsync and curl send about the same: 1.001M and 1.004M show alike, so they stay as they were.
      { kind: "reading", at: 1000, sockets: [socket(a, 1, 0, 1_001_000), socket(b, 2, 0, 1_004_000), socket(c, 3, 0, 0)] },
      // Then rsync sends twice as much: it moves up.
      { kind: "reading", at: 2000, sockets: [socket(a, 1, 0, 2_002_000), socket(b, 2, 0, 3_004_000), socket(c, 3, 0, 0)] },
    ];
    let view: TopView = { ...initialTopView(80, 24, false, true), order: { processes: ["101", "102", "103"] } };
    let m = INITIAL_TOP_MODEL;
    const orders: string[][] = [];
    for (const input of inputs) {
      m = stepTopModel(m, input);
      const screen = renderTop(m, view, ctx);
      view = { ...view, order: { processes: screen.order } };
      orders.push([...screen.order]);
    }
    expect(orders).toEqual([
      ["101", "102", "103"],
      ["101", "102", "103"],
      ["102", "101", "103"],
    ]);
  });

  test("renderTop shows numbers or names as n says", () => {
    const named = { ...a, foreign_address: "peer.example", foreign_port: "https" };
    const m = [
      { kind: "reading", at: 0, sockets: [socket(named, 1, 0, 0)] },
      { kind: "reading", at: 1000, sockets: [socket(named, 1, 0, 10)] },
    ].reduce((model, input) => stepTopModel(model, input as TopInput), INITIAL_TOP_MODEL);
    let view = topKey(initialTopView(120, 24, false, true), "tab", 1);
    expect(rowsText(m, view)[0]).toContain("peer.example:https");
    view = topKey(view, { char: "n" }, 1);
    expect(rowsText(m, view)[0]).toContain("203.0.113.2:443");
  });

  test("screenDiff of two renderings makes the second on a screen showing the first", () => {
    const m1 = model();
    const m2 = stepTopModel(m1, { kind: "reading", at: 2000, sockets: [socket(a, 1, 0, 4_500_000), socket(b, 2, 3_000_000, 1_000_000)] });
    const view = initialTopView(80, 24, false, true);
    const one = renderTop(m1, view, { ...ctx, colour: true }).lines;
    const two = renderTop(m2, view, { ...ctx, colour: true }).lines;
    const g = grid(80, 24);
    apply(g, fullScreen(one));
    const diff = screenDiff(one, two);
    apply(g, diff);
    expect(g).toEqual(gridOf(two, 80));
    expect(diff.length).toBeLessThan(fullScreen(two).length / 4);
  });
});

describe("bytesText", () => {
  const cases = [
    [0, "0"],
    [999, "999"],
    [1000, "1.00k"],
    [1_950_000, "1.95M"],
    [12_345_678, "12.3M"],
    [999_999_999, "1.00G"],
  ] as const;
  for (const [bytes, want] of cases) test(`bytesText shows ${bytes} as ${want}`, () => expect(bytesText(bytes)).toBe(want));
});
