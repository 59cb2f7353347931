/**
 * The --filter parser and evaluator (src/select/ss-filter-parse.ts, ss-filter.ts) against what
 * ss 6.1 listed, as scripts/capture-ss-filter.ts captured it (fixtures/ss-filter/captured.json):
 * each expression ss accepted selects, from the sockets ss listed, exactly the ones ss listed
 * for it; each one ss rejected is an SsFilterError.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { InetSocket } from "../../src/model/socket.ts";
import { parseHostAddresses } from "../../src/resolve/etc-hosts.ts";
import { parseSsFilter, SsFilterError, ssWords, type SsParseContext } from "../../src/select/ss-filter-parse.ts";
import { socketSelector } from "../../src/select/sockets.ts";
import { withFilter } from "../../src/cli/filter-args.ts";

interface Captured {
  readonly ephemeral: readonly [number, number];
  readonly rawDiag: boolean;
  readonly interfaces: Readonly<Record<string, number>>;
  readonly services: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly hosts: string;
  readonly sockets: readonly string[];
  readonly cases: readonly { readonly expression: string; readonly code: number; readonly rows: readonly number[] }[];
}

const CAPTURED = JSON.parse(readFileSync(resolve(import.meta.dir, "../../fixtures/ss-filter/captured.json"), "utf8")) as Captured;

/** ss's state names as the kernel's numbers. */
const STATE_NUMBER: Readonly<Record<string, number>> = {
  ESTAB: 1, "SYN-SENT": 2, "SYN-RECV": 3, "FIN-WAIT-1": 4, "FIN-WAIT-2": 5, "TIME-WAIT": 6, UNCONN: 7, "CLOSE-WAIT": 8,
  "LAST-ACK": 9, LISTEN: 10, CLOSING: 11,
};

/** One end as ss printed it (`[v6]`, `*` for the dual-stack wildcard, `%dev`). */
function end(text: string): { readonly address: string; readonly port: number; readonly dev: string | undefined } {
  const colon = text.lastIndexOf(":");
  let address = text.slice(0, colon);
  const dev = /%([^\]]+)$/.exec(address)?.[1];
  address = address.replace(/%[^\]]*$/, "");
  if (address.startsWith("[")) address = address.slice(1, -1);
  const port = text.slice(colon + 1);
  return { address: address === "*" ? "::" : address, port: port === "*" ? 0 : Number(port), dev };
}

/** A socket ss listed, as the listing's record of it. */
function socketOf(row: string): InetSocket {
  const [netid, state, local, peer] = row.split(" ") as [string, string, string, string];
  const l = end(local);
  const r = end(peer);
  const family = l.address.includes(":") ? "inet6" : "inet";
  const proto = netid as "tcp" | "udp" | "raw";
  const iface = l.dev === undefined ? undefined : CAPTURED.interfaces[l.dev];
  return {
    kind: "inet", proto, label: family === "inet6" ? (`${proto}6` as InetSocket["label"]) : proto, family,
    localAddress: l.address, localPort: l.port, remoteAddress: r.address, remotePort: r.port, state: STATE_NUMBER[state]!,
    txQueue: 0, rxQueue: 0, timerActive: 0, timerTicks: 0, retransmits: 0, uid: 0, timeout: 0, inode: 1,
    ...(iface === undefined ? {} : { iface }),
  };
}

const hosts = parseHostAddresses(CAPTURED.hosts);
const CONTEXT: SsParseContext = {
  servicePort: (name, proto) => CAPTURED.services[name]?.[proto],
  hostAddresses: (name, family) => hosts.get(name)?.[family] ?? [],
  interfaceIndex: (name) => CAPTURED.interfaces[name],
  protocols: { tcp: true, udp: true },
  family: undefined,
  ephemeral: () => CAPTURED.ephemeral,
  rawDiag: () => CAPTURED.rawDiag,
};

const SOCKETS = CAPTURED.sockets.map(socketOf);

describe("--filter against captured ss answers", () => {
  test.each(CAPTURED.cases.filter((c) => c.code === 0).map((c) => [c.expression, c.rows] as const))("%p", (expression, rows) => {
    const filter = parseSsFilter(expression, CONTEXT);
    const keep = socketSelector({ all: true, listening: false }, withFilter({}, filter), undefined, () => () => undefined);
    const kept = SOCKETS.flatMap((s, i) => (keep(s) ? [i] : []));
    expect(kept).toEqual([...rows].sort((a, b) => a - b));
  });

  test.each(CAPTURED.cases.filter((c) => c.code !== 0).map((c) => [c.expression]))("%p is rejected", (expression) => {
    expect(() => parseSsFilter(expression, CONTEXT)).toThrow(SsFilterError);
  });

  test("the capture holds accepted and rejected expressions, and sockets of three protocols", () => {
    expect(CAPTURED.cases.filter((c) => c.code === 0).length).toBeGreaterThanOrEqual(60);
    expect(CAPTURED.cases.filter((c) => c.code !== 0).length).toBeGreaterThan(10);
    expect(new Set(SOCKETS.map((s) => s.proto))).toEqual(new Set(["tcp", "udp", "raw"]));
  });
});

describe("parseSsFilter", () => {
  test("splits words at blanks, a backslash keeping the next character", () => {
    expect(ssWords("  sport\t=  :22 ")).toEqual(["sport", "=", ":22"]);
    expect(ssWords("src unix:/tmp/a\\ b")).toEqual(["src", "unix:/tmp/a b"]);
  });

  test("groups and and or left to right, and says so when they are mixed", () => {
    const f = parseSsFilter("sport = :22 or sport = :80 and src 127.0.0.1", CONTEXT);
    expect(f.expression?.kind).toBe("and");
    expect(f.readAs).toBe("( ( sport = :22 or sport = :80 ) and src 127.0.0.1 )");
    expect(parseSsFilter("( sport = :22 or sport = :80 ) and src 127.0.0.1", CONTEXT).readAs).toBeUndefined();
    expect(parseSsFilter("sport = :22 dport = :80 src 127.0.0.1", CONTEXT).readAs).toBeUndefined();
  });

  test("leading state and exclude words are the states they leave", () => {
    expect(parseSsFilter("state listening state established", CONTEXT).states).toEqual(["LISTEN", "ESTABLISHED"]);
    expect(parseSsFilter("exclude all", CONTEXT).states).toEqual([]);
    expect(parseSsFilter("", CONTEXT)).toMatchObject({ states: undefined, expression: undefined, readAs: undefined });
  });

  test("a named family narrows the listing to it", () => {
    expect(parseSsFilter("src inet6:*", CONTEXT).family).toBe("inet6");
    expect(parseSsFilter("src unix:*", CONTEXT).family).toBe("unix");
  });

  test("each rejection names the word", () => {
    expect(() => parseSsFilter("sport = :nosuch", CONTEXT)).toThrow("'nosuch' is not a port number or service name");
    expect(() => parseSsFilter("dport = :22 )", CONTEXT)).toThrow("unexpected ')'");
    expect(() => parseSsFilter("state nosuch", CONTEXT)).toThrow("'nosuch' is not a state");
    expect(() => parseSsFilter("fwmark 1", CONTEXT)).toThrow("'fwmark' is not supported");
  });
});
