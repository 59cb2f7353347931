import { describe, expect, test } from "bun:test";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";

const parse = (...args: string[]) => parseNetstatArgs("netstat-stream", args, { selinuxEnabled: false });
const run = (...args: string[]) => {
  const r = parse(...args);
  if (r.kind !== "run") throw new Error(`expected a run, got ${JSON.stringify(r)}`);
  return r.options;
};

describe("parseNetstatArgs extensions", () => {
  const good = [
    { name: "--json selects NDJSON", args: ["--json"], check: (o: ReturnType<typeof run>) => o.format === "json" },
    { name: "--json with -r lists routes as records", args: ["-r", "--json"], check: (o: ReturnType<typeof run>) => o.format === "json" && o.mode === "route" },
    { name: "--format table with -s lists counters as a table", args: ["-s", "--format", "table"], check: (o: ReturnType<typeof run>) => o.format === "table" && o.mode === "statistics" },
    { name: "--json with -g lists group records", args: ["-g", "--json"], check: (o: ReturnType<typeof run>) => o.format === "json" && o.selection.igmp },
    { name: "-c with --json on -i repeats interface records", args: ["-ic", "--json"], check: (o: ReturnType<typeof run>) => o.continuous && o.mode === "interfaces" },
    { name: "--format table selects tables", args: ["--format", "table"], check: (o: ReturnType<typeof run>) => o.format === "table" },
    { name: "--state takes a list in any case", args: ["--state", "listen,Time_Wait"], check: (o: ReturnType<typeof run>) => o.filters.states?.join() === "LISTEN,TIME_WAIT" },
    { name: "--port takes a number", args: ["--port=443"], check: (o: ReturnType<typeof run>) => o.filters.port?.join() === "443" },
    { name: "--sport and --dport take numbers", args: ["--sport", "1", "--dport", "65535"], check: (o: ReturnType<typeof run>) => o.filters.sport?.join() === "1" && o.filters.dport?.join() === "65535" },
    { name: "--pid takes a process id", args: ["--pid", "42"], check: (o: ReturnType<typeof run>) => o.filters.pid?.join() === "42" },
    { name: "--user keeps a name for the run to resolve", args: ["--user", "www-data"], check: (o: ReturnType<typeof run>) => o.filters.user?.join() === "www-data" },
    { name: "--program NAME is the filter", args: ["--program", "sshd", "-t"], check: (o: ReturnType<typeof run>) => o.filters.program?.join() === "sshd" && !o.programs },
    { name: "--program=NAME is the filter", args: ["--program=nginx"], check: (o: ReturnType<typeof run>) => o.filters.program?.join() === "nginx" && !o.programs },
    { name: "a bare --program at the end stays netstat's -p", args: ["--tcp", "--all", "--numeric", "--program"], check: (o: ReturnType<typeof run>) => o.programs && o.filters.program === undefined },
    { name: "--program before an option stays netstat's -p", args: ["--program", "-a"], check: (o: ReturnType<typeof run>) => o.programs && o.all },
    { name: "--prog stays an abbreviation of --programs", args: ["--prog", "-a"], check: (o: ReturnType<typeof run>) => o.programs },
    { name: "--watch with --interval in milliseconds", args: ["--watch", "--interval", "250ms"], check: (o: ReturnType<typeof run>) => o.watch && o.intervalMs === 250 },
    { name: "--interval in seconds, default 1s", args: ["--watch", "--interval=2s"], check: (o: ReturnType<typeof run>) => o.intervalMs === 2000 && run("--watch").intervalMs === 1000 },
    { name: "--include-existing with --watch", args: ["--watch", "--include-existing"], check: (o: ReturnType<typeof run>) => o.includeExisting },
    { name: "--interval also sets the -c period", args: ["-c", "--interval", "500ms"], check: (o: ReturnType<typeof run>) => o.delaySeconds === 0.5 },
    { name: "--schema", args: ["--schema"], check: (o: ReturnType<typeof run>) => o.schema },
  ];
  for (const c of good) test(`parseNetstatArgs accepts ${c.name}`, () => expect(c.check(run(...c.args))).toBe(true));

  const bad = [
    { args: ["--port", "http"], message: "netstat-stream: Invalid --port value 'http': expected a port number from 0 to 65535\n" },
    { args: ["--port", "70000"], message: "netstat-stream: Invalid --port value '70000': expected a port number from 0 to 65535\n" },
    { args: ["--state", ""], message: "netstat-stream: Invalid --state value '': empty state name\n" },
    { args: ["--pid", "0"], message: "netstat-stream: Invalid --pid value '0': expected a process id\n" },
    { args: ["--interval", "fast"], message: "netstat-stream: Invalid --interval value 'fast': expected a duration such as 250ms, 2s or 1m\n" },
    { args: ["--interval", "1ms"], message: "netstat-stream: Invalid --interval value '1ms': expected at least 10ms\n" },
    { args: ["--format", "xml"], message: "netstat-stream: Invalid --format value 'xml': expected text, json, table or prometheus\n" },
    { args: ["--include-existing"], message: "netstat-stream: --include-existing needs --watch\n" },
    { args: ["--watch", "-c"], message: "netstat-stream: --watch and -c/--continuous cannot be used together\n" },
    { args: ["--watch", "-r"], message: "netstat-stream: --watch works only with socket listings, not with -r, -i, -g, -M or -s\n" },
    { args: ["--watch", "-g"], message: "netstat-stream: --watch works only with socket listings, not with -r, -i, -g, -M or -s\n" },
    { args: ["-r", "--state", "LISTEN"], message: "netstat-stream: --state filters sockets and cannot be used with -r (routes)\n" },
    { args: ["-i", "--port", "22", "--json"], message: "netstat-stream: --port filters sockets and cannot be used with -i (interfaces)\n" },
    { args: ["-s", "--pid", "1"], message: "netstat-stream: --pid filters sockets and cannot be used with -s (protocol counters)\n" },
    { args: ["-M", "--user", "root"], message: "netstat-stream: --user filters sockets and cannot be used with -M (masquerade entries)\n" },
    { args: ["-gt", "--program", "sshd"], message: "netstat-stream: --program filters sockets and cannot be used with -g (group memberships)\n" },
    { args: ["-r", "--dport", "53", "--sport", "1"], message: "netstat-stream: --sport filters sockets and cannot be used with -r (routes)\n" },
    { args: ["--count-by", "host"], message: "netstat-stream: Invalid --count-by value 'host': 'host' is no key; expected a comma list of proto, family, state, local_address, local_port, foreign_address, foreign_port, program, pid, user, netns, container\n" },
    { args: ["--count-by", "state,"], message: "netstat-stream: Invalid --count-by value 'state,': an empty key; expected a comma list of proto, family, state, local_address, local_port, foreign_address, foreign_port, program, pid, user, netns, container\n" },
    { args: ["--count-by", "state", "--count-by", "state"], message: "netstat-stream: Invalid --count-by value 'state': state is given twice\n" },
    { args: ["--count-by", "state", "--top", "0"], message: "netstat-stream: Invalid --top value '0': expected a number of groups from 1 to 999999999\n" },
    { args: ["--top", "3"], message: "netstat-stream: --top N needs --count-by (--top alone is the live view)\n" },
    { args: ["--count-by", "state", "-r"], message: "netstat-stream: --count-by counts sockets and cannot be used with -r (routes)\n" },
    { args: ["--count-by", "state", "--watch", "--closes"], message: "netstat-stream: --count-by counts sockets, so it cannot be used with --closes\n" },
    { args: ["--tcp-info", "-r"], message: "netstat-stream: --tcp-info shows TCP sockets' internals and cannot be used with -r (routes)\n" },
    { args: ["--tcp-info", "--watch"], message: "netstat-stream: --tcp-info works with socket listings (and -c), not with --watch\n" },
    { args: ["--tcp-info", "--count-by", "state"], message: "netstat-stream: --tcp-info shows each socket, so it cannot be used with --count-by\n" },
    { args: ["--summary", "-s"], message: "netstat-stream: --summary is a mode of its own and cannot be used with -s\n" },
    { args: ["--summary", "-I=lo"], message: "netstat-stream: --summary is a mode of its own and cannot be used with -I\n" },
    { args: ["--summary", "--watch"], message: "netstat-stream: --summary prints one summary per pass, so it cannot be used with --watch (-c repeats it)\n" },
    { args: ["--summary", "--port", "22"], message: "netstat-stream: --port filters sockets and cannot be used with --summary (socket counts)\n" },
  ];
  for (const c of bad) {
    test(`parseNetstatArgs rejects ${c.args.join(" ")} with one sentence and status 2`, () => {
      expect(parse(...c.args)).toEqual({ kind: "exit", stdout: "", stderr: c.message, code: 2 });
    });
  }

  test("parseNetstatArgs never lets a prefix reach our own options", () => {
    expect(parse("--wat").kind).toBe("exit");
    expect(parse("--jso").kind).toBe("exit");
  });
});
