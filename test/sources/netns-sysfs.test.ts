import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { namespaceSysfs, sysfsMatches } from "../../src/sources/netns-sysfs.ts";
import { createProcRoot } from "../../src/sources/proc-root.ts";

const DEV_HEADER =
  "Inter-|   Receive                                                |  Transmit\n" +
  " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n";

/** A /proc/net/dev line with `rx` and `tx` packets. */
const devLine = (name: string, rx: number, tx: number): string => `${name.padStart(6)}: 100 ${rx} 0 0 0 0 0 0 200 ${tx} 0 0 0 0 0 0\n`;

interface Iface {
  readonly name: string;
  readonly ifindex: number;
  readonly rx: number;
  readonly tx: number;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A proc tree with process `pid` whose net/dev lists `dev` and whose root/sys shows `sys`. */
function tree(pid: number, dev: readonly Iface[], sys: readonly Iface[], mcast: readonly Iface[] = dev): string {
  const root = mkdtempSync(join(tmpdir(), "nss-sysfs-"));
  dirs.push(root);
  mkdirSync(join(root, String(pid), "net"), { recursive: true });
  writeFileSync(join(root, String(pid), "net", "dev"), DEV_HEADER + dev.map((i) => devLine(i.name, i.rx, i.tx)).join(""));
  writeFileSync(join(root, String(pid), "net", "dev_mcast"), mcast.map((i) => `${i.ifindex}    ${i.name}  1     0     333300000001\n`).join(""));
  for (const i of sys) {
    const dir = join(root, String(pid), "root", "sys", "class", "net", i.name);
    mkdirSync(join(dir, "statistics"), { recursive: true });
    writeFileSync(join(dir, "ifindex"), `${i.ifindex}\n`);
    writeFileSync(join(dir, "statistics", "rx_packets"), `${i.rx}\n`);
    writeFileSync(join(dir, "statistics", "tx_packets"), `${i.tx}\n`);
  }
  return root;
}

const lo: Iface = { name: "lo", ifindex: 1, rx: 5, tx: 5 };
const veth: Iface = { name: "vp0", ifindex: 3, rx: 7, tx: 9 };
const hostEth: Iface = { name: "eth0", ifindex: 2, rx: 30000, tx: 18000 };

const cases = [
  { name: "accepts the namespace's own /sys", dev: [lo, veth], sys: [lo, veth], want: true },
  { name: "rejects a /sys with other interface names (the host's)", dev: [lo, veth], sys: [lo, hostEth], want: false },
  { name: "rejects a /sys with an extra interface", dev: [lo], sys: [lo, veth], want: false },
  { name: "rejects equal names under other interface indexes", dev: [lo, veth], sys: [lo, { ...veth, ifindex: 4 }], want: false },
  { name: "rejects equal names whose counters are not the namespace's", dev: [lo, veth], sys: [{ ...lo, rx: 900 }, veth], want: false },
] as const;

for (const c of cases) {
  test(`sysfsMatches ${c.name}`, () => {
    const root = createProcRoot(tree(42, c.dev, c.sys));
    expect(sysfsMatches(root, 42, createProcRoot(`${root.path}/42/root/sys`))).toBe(c.want);
  });
}

test("namespaceSysfs says why when no process has the namespace's /sys", () => {
  const root = createProcRoot(tree(42, [lo, veth], [lo, hostEth]));
  expect(namespaceSysfs(root, [42, 43])).toEqual({ missing: "none of its processes has a /sys mounted from inside it" });
});

test("namespaceSysfs takes the first process whose /sys matches", () => {
  const root = createProcRoot(tree(42, [lo, veth], [lo, veth]));
  const found = namespaceSysfs(root, [41, 42]);
  expect("pid" in found ? [found.pid, found.sys.path] : found).toEqual([42, `${root.path}/42/root/sys`]);
});
