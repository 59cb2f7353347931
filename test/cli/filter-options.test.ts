/**
 * The filter options as a user types them: repeats and comma lists of one filter are ORed, in any
 * order, and the state names of netstat and ss both work. In-process, over a synthetic /proc tree.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";
import { runInProcess, type InProcessRun } from "../_support/in-process.ts";
import { removeTree, writeTree } from "../_support/synthetic-proc.ts";

const parse = (...args: string[]) => parseNetstatArgs("netstat-stream", args, { selinuxEnabled: false });
const options = (...args: string[]) => {
  const r = parse(...args);
  if (r.kind !== "run") throw new Error(`expected a run, got ${JSON.stringify(r)}`);
  return r.options;
};

const INET_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, "0");
/** One /proc/net/tcp row: 127.0.0.1:local to 127.0.0.1:remote (0 for a listener) in kernel state `st`. */
const row = (i: number, local: number, remote: number, st: number, uid: number): string =>
  `${String(i).padStart(4)}: 0100007F:${hex(local, 4)} ${remote === 0 ? "00000000" : "0100007F"}:${hex(remote, 4)} ${hex(st, 2)} 00000000:00000000 00:00000000 00000000 ${String(uid).padStart(5)}        0 ${9000 + i} 1 0000000000000000 20 4 30 10 -1\n`;

/** Listeners on 22, 5432 and 8080 with a connection to each, one in TIME_WAIT; owners of uid 0 and 65534. */
const TCP = [
  INET_HEADER,
  row(0, 22, 0, 0x0a, 0),
  row(1, 5432, 0, 0x0a, 65534),
  row(2, 8080, 0, 0x0a, 0),
  row(3, 40022, 22, 0x01, 0),
  row(4, 22, 40022, 0x01, 0),
  row(5, 45432, 5432, 0x01, 65534),
  row(6, 5432, 45432, 0x01, 65534),
  row(7, 48080, 8080, 0x06, 0),
].join("");

let tree = "";
beforeAll(() => {
  tree = writeTree({ "net/tcp": TCP, "net/tcp6": INET_HEADER });
});
afterAll(() => removeTree(tree));

function ours(...args: string[]): Promise<InProcessRun> {
  return runInProcess(["--proc-root", tree, ...args]);
}

/** The rows of a netstat-style listing, without its two header lines. */
const rows = (text: string): string[] => text.split("\n").slice(2).filter((l) => l !== "");

describe("repeated filters", () => {
  const parsed = [
    { name: "--port repeated keeps every port", args: ["--port", "8080", "--port", "5432"], field: "port", want: [8080, 5432] },
    { name: "--port takes a comma list", args: ["--port", "8080,5432"], field: "port", want: [8080, 5432] },
    { name: "--sport repeated and listed", args: ["--sport=1", "--sport", "2,3"], field: "sport", want: [1, 2, 3] },
    { name: "--dport repeated", args: ["--dport", "53", "--dport", "443"], field: "dport", want: [53, 443] },
    { name: "--pid repeated keeps every pid", args: ["--pid", "1", "--pid", "42"], field: "pid", want: [1, 42] },
    { name: "--pid takes a comma list", args: ["--pid", "1,42"], field: "pid", want: [1, 42] },
    { name: "--user repeated and listed", args: ["--user", "root", "--user", "www-data,33"], field: "user", want: ["root", "www-data", "33"] },
    { name: "--program repeated", args: ["--program", "sshd", "--program=nginx"], field: "program", want: ["sshd", "nginx"] },
    { name: "--program keeps a comma inside one name", args: ["--program", "a,b"], field: "program", want: ["a,b"] },
    { name: "--state repeated adds states", args: ["--state", "listen", "--state", "time_wait,established"], field: "states", want: ["LISTEN", "TIME_WAIT", "ESTABLISHED"] },
  ] as const;
  for (const c of parsed) {
    test(`parseNetstatArgs ${c.name}`, () => {
      expect(options(...c.args).filters[c.field] as unknown).toEqual(c.want);
    });
  }

  const badLists = [
    { args: ["--port", "80,http"], message: "netstat-stream: Invalid --port value '80,http': expected a port number from 0 to 65535\n" },
    { args: ["--port", "80,"], message: "netstat-stream: Invalid --port value '80,': expected a port number from 0 to 65535\n" },
    { args: ["--pid", "1,0"], message: "netstat-stream: Invalid --pid value '1,0': expected a process id\n" },
    { args: ["--user", "root,"], message: "netstat-stream: Invalid --user value 'root,': expected a user name or uid\n" },
  ];
  for (const c of badLists) {
    test(`parseNetstatArgs rejects ${c.args.join(" ")} naming the whole value`, () => {
      expect(parse(...c.args)).toEqual({ kind: "exit", stdout: "", stderr: c.message, code: 2 });
    });
  }

  const unions = [
    { name: "--port", one: ["--port", "8080"], other: ["--port", "5432"] },
    { name: "--sport", one: ["--sport", "22"], other: ["--sport", "45432"] },
    { name: "--dport", one: ["--dport", "22"], other: ["--dport", "8080"] },
    { name: "--user", one: ["--user", "0"], other: ["--user", "65534"] },
    { name: "--state", one: ["--state", "established"], other: ["--state", "time_wait"] },
  ];
  for (const c of unions) {
    test(`run lists the union of each ${c.name} given, in either order, as a comma list does`, async () => {
      const base = ["-tan"];
      const one = rows((await ours(...base, ...c.one)).out);
      const other = rows((await ours(...base, ...c.other)).out);
      const all = rows((await ours(...base)).out);
      const union = all.filter((r) => one.includes(r) || other.includes(r));
      expect(one.length).toBeGreaterThan(0);
      expect(other.length).toBeGreaterThan(0);
      expect(union.length).toBe(one.length + other.length);
      expect(rows((await ours(...base, ...c.one, ...c.other)).out)).toEqual(union);
      expect(rows((await ours(...base, ...c.other, ...c.one)).out)).toEqual(union);
      expect(rows((await ours(...base, c.one[0]!, `${c.one[1]},${c.other[1]}`)).out)).toEqual(union);
    });
  }

  test("run still requires every different filter to match", async () => {
    const both = rows((await ours("-tan", "--port", "22,5432", "--state", "listen")).out);
    expect(both.map((r) => r.split(/\s+/)[3])).toEqual(["127.0.0.1:22", "127.0.0.1:5432"]);
  });
});

describe("--state names and scope", () => {
  const names = [
    { words: "estab,established,ESTABLISHED", want: ["ESTABLISHED"] },
    { words: "syn-sent,syn_sent", want: ["SYN_SENT"] },
    { words: "syn-recv,syn-rcv", want: ["SYN_RECV"] },
    { words: "fin-wait-1,FIN_WAIT1", want: ["FIN_WAIT1"] },
    { words: "fin-wait-2,fin_wait2", want: ["FIN_WAIT2"] },
    { words: "time-wait", want: ["TIME_WAIT"] },
    { words: "closed,close,unconnected,unconn", want: ["CLOSE"] },
    { words: "close-wait", want: ["CLOSE_WAIT"] },
    { words: "last-ack", want: ["LAST_ACK"] },
    { words: "listening,listen,LISTENING", want: ["LISTEN"] },
    { words: "closing", want: ["CLOSING"] },
    { words: "CONNECTED,connected", want: ["ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE_WAIT", "LAST_ACK", "CLOSING", "CONNECTING", "CONNECTED", "DISCONNECTING"] },
    { words: "synchronized", want: ["ESTABLISHED", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE_WAIT", "LAST_ACK", "CLOSING", "CONNECTED", "DISCONNECTING"] },
    { words: "bucket", want: ["SYN_RECV", "TIME_WAIT"] },
  ];
  for (const c of names) {
    test(`parseNetstatArgs reads --state ${c.words} as ${c.want.join(",")}`, () => {
      expect(options("--state", c.words).filters.states).toEqual(c.want);
    });
  }

  test("parseNetstatArgs reads --state all as every state", () => {
    const states = options("--state", "all").filters.states ?? [];
    expect(states).toContain("LISTEN");
    expect(states).toContain("TIME_WAIT");
    expect(states).toContain("CONNECTED");
    expect(options("--state", "big").filters.states).toEqual(states.filter((s) => s !== "SYN_RECV" && s !== "TIME_WAIT"));
  });

  test("parseNetstatArgs rejects an unknown state naming every valid one", () => {
    const r = parse("--state", "LISTEN,bogus");
    expect(r.kind).toBe("exit");
    if (r.kind !== "exit") return;
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")).toEqual([expect.stringMatching(/^netstat-stream: Invalid --state value 'LISTEN,bogus': unknown state 'bogus'; the states are /), ""]);
    for (const name of ["ESTABLISHED", "SYN_SENT", "TIME_WAIT", "CLOSE_WAIT", "LISTEN", "CONNECTED", "estab", "syn-rcv", "fin-wait-1", "closed", "listening", "all", "connected", "synchronized", "bucket", "big"]) {
      expect(r.stderr).toContain(name);
    }
  });

  const scopes = [
    { args: ["--state", "listen"], want: { all: false, listening: true } },
    { args: ["--state", "closed"], want: { all: false, listening: true } },
    { args: ["--state", "listen,established"], want: { all: true, listening: false } },
    { args: ["--state", "all"], want: { all: true, listening: false } },
    { args: ["--state", "established"], want: { all: false, listening: false } },
    { args: ["-l", "--state", "established"], want: { all: false, listening: false } },
    { args: ["-a", "--state", "listen"], want: { all: false, listening: true } },
    { args: ["-l"], want: { all: false, listening: true } },
  ];
  for (const c of scopes) {
    test(`parseNetstatArgs lets ${c.args.join(" ")} choose servers and connections as ss's state filter does`, () => {
      const o = options(...c.args);
      expect({ all: o.all, listening: o.listening }).toEqual(c.want);
    });
  }

  const listings = [
    { name: "--state listen lists what -l lists", args: ["-tn", "--state", "listen"], same: ["-tln"] },
    { name: "--state listening,estab lists listeners and established connections", args: ["-tn", "--state", "listening,estab"], same: ["-tan", "--state", "LISTEN,ESTABLISHED"] },
    { name: "--state all lists what -a lists", args: ["-tn", "--state", "all"], same: ["-tan"] },
    { name: "--state listen --json lists the records -l lists", args: ["-tn", "--json", "--state", "listen"], same: ["-tln", "--json"] },
  ];
  for (const c of listings) {
    test(`run ${c.name}`, async () => {
      const [mine, want] = await Promise.all([ours(...c.args), ours(...c.same)]);
      expect(want.out.split("\n").length).toBeGreaterThan(3);
      expect(mine).toEqual(want);
    });
  }
});
