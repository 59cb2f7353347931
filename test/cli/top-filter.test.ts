/**
 * topFilterCompiler: what `/` makes of the text typed in the live view. An ss filter expression
 * keeps the rows that stand for a connection whose socket it selects (the expression's own
 * evaluation is tested against ss in test/parity); other text keeps the rows holding it.
 */
import { describe, expect, test } from "bun:test";
import { NO_LOOKUPS } from "../../src/cli/filter-args.ts";
import { topFilterCompiler } from "../../src/cli/top-filter.ts";
import type { TopFilterConnection } from "../../src/format/top-view.ts";
import type { NetworkRecord } from "../../src/model/record.ts";
import type { InetSocket } from "../../src/model/socket.ts";

const options = { selection: { any: true, tcp: true } as never, procRoot: "/proc" };
const compile = topFilterCompiler(options, NO_LOOKUPS);

function connection(localPort: number, remotePort: number, state: number): TopFilterConnection {
  const socket: InetSocket = {
    kind: "inet", proto: "tcp", label: "tcp", family: "inet", localAddress: "127.0.0.1", localPort, remoteAddress: "127.0.0.1", remotePort, state,
    txQueue: 0, rxQueue: 0, timerActive: 0, timerTicks: 0, retransmits: 0, uid: 0, timeout: 0, inode: localPort,
  };
  return { record: {} as NetworkRecord, socket };
}

const ESTABLISHED = 1;
const LISTEN = 10;
const server = connection(4620, 0, LISTEN);
const accepted = connection(4620, 50000, ESTABLISHED);
const client = connection(50000, 4620, ESTABLISHED);

const row = (text: string, ...connections: TopFilterConnection[]) => ({ text, connections: () => connections });

describe("topFilterCompiler", () => {
  test("topFilterCompiler keeps a row when one of its connections passes the expression", () => {
    const keep = compile("sport = :4620");
    if (typeof keep !== "function") throw new Error("expected a predicate");
    expect(keep(row("x", client))).toBe(false);
    expect(keep(row("x", client, accepted))).toBe(true);
    expect(keep(row("x"))).toBe(false);
  });
  test("topFilterCompiler applies the expression's leading state words", () => {
    const keep = compile("state established sport = :4620");
    if (typeof keep !== "function") throw new Error("expected a predicate");
    expect(keep(row("x", server))).toBe(false);
    expect(keep(row("x", accepted))).toBe(true);
  });
  test("topFilterCompiler reads text that is no expression as a substring of the row, in any case", () => {
    const keep = compile("Python");
    if (typeof keep !== "function") throw new Error("expected a predicate");
    expect(keep(row("1234 python3 3 0 0 0 0", accepted))).toBe(true);
    expect(keep(row("99 nginx 3 0 0 0 0", accepted))).toBe(false);
  });
});
