import { describe, expect, test } from "bun:test";
import { extensionHelp, versionText } from "../../src/cli/usage.ts";
import { expectedNameAndVersion, maskTimers, prepare } from "./_compare.ts";

// Synthetic lines in netstat's shapes; the parity suites compare real output, never these.
const timerCases = [
  { name: "maskTimers masks the countdown of on/keepalive/timewait/probe", input: "x on (0.48/1/0)\ny keepalive (7174.90/0/0)\nz timewait (35.00/0/0) probe (0.02/0/1)", want: "x on (X/1/0)\ny keepalive (X/0/0)\nz timewait (X/0/0) probe (X/0/1)" },
  { name: "maskTimers leaves off timers and retransmit counts alone", input: "off (0.00/0/0) on (1.00/3/0)", want: "off (0.00/0/0) on (X/3/0)" },
  { name: "maskTimers ignores text without a timer", input: "tcp 0 0 localhost:ssh", want: "tcp 0 0 localhost:ssh" },
];

describe("maskTimers", () => {
  for (const c of timerCases) test(c.name, () => expect(maskTimers(c.input)).toBe(c.want));
});

describe("expectedNameAndVersion", () => {
  test("expectedNameAndVersion replaces the three name lines of -V and keeps the AF and HW lines", () => {
    const oracle = "net-tools 2.10\nFred and others\n+I18N +SELINUX\nAF: (inet) +UNIX\nHW:  +ETHER \n";
    const ours = versionText().split("\n").slice(0, 3).join("\n");
    expect(expectedNameAndVersion(oracle)).toBe(`${ours}\nAF: (inet) +UNIX\nHW:  +ETHER \n`);
  });
  test("expectedNameAndVersion inserts this tool's option block before <Socket>=", () => {
    const oracle = "        -Z, --context            display\n\n  <Socket>={-t|--tcp}\n";
    expect(expectedNameAndVersion(oracle)).toBe(`        -Z, --context            display\n${extensionHelp()}\n\n  <Socket>={-t|--tcp}\n`);
  });
  test("expectedNameAndVersion renames the usage name lines, splits the first in two, and changes nothing else", () => {
    const usage = [
      "netstat: invalid option -- 'X'",
      "usage: netstat [-vWeenNcCF] [<Af>] -r         netstat {-V|--version|-h|--help}",
      "       netstat [-vWnNcaeol] [<Socket> ...]",
      "       netstat { [-vWeenNac] -i | [-cnNe] -M | -s [-6tuw] }",
      "        -r, --route              display routing table",
    ].join("\n");
    expect(expectedNameAndVersion(usage).split("\n")).toEqual([
      "netstat: invalid option -- 'X'",
      "usage: netstat-stream [-vWeenNcCF] [<Af>] -r",
      "       netstat-stream {-V|--version|-h|--help}",
      "       netstat-stream [-vWnNcaeol] [<Socket> ...]",
      "       netstat-stream { [-vWeenNac] -i | [-cnNe] -M | -s [-6tuw] }",
      "        -r, --route              display routing table",
    ]);
  });
  test("prepare renames only the oracle's output", () => {
    const oracle = "net-tools 2.10\na\nb\nAF:\n";
    expect(prepare(oracle, "name", "ours")).toBe(oracle);
    expect(prepare(oracle, "name", "real")).toBe(`${versionText().split("\n").slice(0, 3).join("\n")}\nAF:\n`);
  });
});
