/**
 * `--filter EXPR` on the command line (src/cli/filter-args.ts): read once the other flags are
 * known, its states joined to `--state`'s by AND and choosing servers or connections as
 * `--state` does, the grouping of a mixed and/or said on stderr, and every mistake one sentence
 * with status 2 and nothing on stdout.
 */
import { describe, expect, test } from "bun:test";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";

const parse = (...args: string[]) => parseNetstatArgs("netstat-stream", args, { selinuxEnabled: false });
const options = (...args: string[]) => {
  const r = parse(...args);
  if (r.kind !== "run") throw new Error(`expected a run, got ${JSON.stringify(r)}`);
  return r;
};
const refused = (...args: string[]) => {
  const r = parse(...args);
  if (r.kind !== "exit") throw new Error(`expected an exit, got ${JSON.stringify(r)}`);
  return r;
};

describe("--filter", () => {
  test("its state words choose servers or connections, as --state does", () => {
    expect(options("-tn", "--filter", "state listening").options).toMatchObject({ listening: true, all: false });
    expect(options("-tn", "--filter", "state listening state established").options).toMatchObject({ all: true });
    expect(options("-tln", "--filter", "state established").options).toMatchObject({ listening: false, all: false });
  });

  test("its states and --state's are ANDed: both are kept, and those in both choose servers or connections", () => {
    const both = options("-tn", "--state", "listen,established", "--filter", "state established state time-wait").options;
    expect(both.filters).toMatchObject({ states: ["LISTEN", "ESTABLISHED"], ssStates: ["ESTABLISHED", "TIME_WAIT"] });
    expect(both).toMatchObject({ all: false, listening: false });
    expect(options("-tn", "--filter", "exclude all").options.filters.ssStates).toEqual([]);
  });

  test("the expression is kept with the other filters", () => {
    const { filters } = options("-tn", "--dport", "443", "--filter", "src 127.0.0.1").options;
    expect(filters.dport).toEqual([443]);
    expect(filters.ss?.expression?.kind).toBe("host");
  });

  test("a mix of and and or without brackets is said on stderr, once", () => {
    expect(options("-tn", "--filter", "sport = :22 or sport = :80 dst 127.0.0.1").stderr).toBe(
      "netstat-stream: --filter reads 'and' and 'or' left to right, as ss does: ( ( sport = :22 or sport = :80 ) and dst 127.0.0.1 )\n",
    );
    expect(options("-tn", "--filter", "( sport = :22 or sport = :80 ) dst 127.0.0.1").stderr).toBe("");
  });

  test.each([
    [["--filter", "dport = :22 )"], "netstat-stream: Invalid --filter value 'dport = :22 )': unexpected ')'\n"],
    [["--filter", "src 1.2.3.4/40"], "netstat-stream: Invalid --filter value 'src 1.2.3.4/40': '1.2.3.4/40' is not an address, a prefix or a known host name\n"],
    [["--filter", "a", "--filter", "b"], "netstat-stream: --filter was given twice: join the expressions with and\n"],
    [["-r", "--filter", "dport = :22"], "netstat-stream: --filter filters sockets and cannot be used with -r (routes)\n"],
  ])("%p is one sentence, status 2, nothing on stdout", (args, stderr) => {
    const r = refused(...args);
    expect(r).toEqual({ kind: "exit", stdout: "", stderr, code: 2 });
  });

  test("a port name is looked up in the protocols the flags select", () => {
    const lookups = {
      servicePort: (name: string, proto: "tcp" | "udp") => (name === "both" ? (proto === "tcp" ? 1 : 2) : undefined),
      hostAddresses: () => [],
      interfaceIndex: () => undefined,
      ephemeral: () => [1, 2] as const,
      rawDiag: () => false,
      kernelAutobound: () => undefined,
    };
    const withLookups = (...args: string[]) => parseNetstatArgs("netstat-stream", args, { selinuxEnabled: false, filterLookups: lookups });
    expect(withLookups("-tu", "--filter", "sport = :both")).toMatchObject({ kind: "exit", code: 2, stderr: "netstat-stream: Invalid --filter value 'sport = :both': 'both' names port 1 for tcp and 2 for udp\n" });
    const t = withLookups("-t", "--filter", "sport = :both");
    expect(t.kind === "run" && t.options.filters.ss?.expression).toMatchObject({ kind: "host", cond: { port: 1 } });
  });
});
