/**
 * What -i depends on in-process: interface ioctls answer for this machine's namespace. The golden
 * suite compares `-I=lo` only when this machine's lo is as the capture's, and `-I=vd0` only when no
 * link here is called vd0; and it cuts netstat's tables to one interface as
 * test/parity/modes.test.ts does.
 */
import { existsSync, readFileSync } from "node:fs";
import { golden } from "./_golden.ts";

/** IFF_RUNNING: reported by SIOCGIFFLAGS, absent from /sys/class/net/NAME/flags. */
const IFF_RUNNING = 0x40;

/** netstat's -ia table cut to `iface`: the title, the header and that interface's row. */
export function shortTableOf(table: string, iface: string): string {
  const lines = table.split("\n");
  return `${[lines[0], lines[1], ...lines.filter((l) => l.startsWith(`${iface} `))].join("\n")}\n`;
}

/** netstat's -iae table cut to `iface`: the title and that interface's block, if it has one. */
export function longTableOf(table: string, iface: string): string {
  const title = table.slice(0, table.indexOf("\n") + 1);
  const block = table.slice(title.length).split("\n\n").find((b) => b.startsWith(`${iface}: `));
  return block === undefined ? title : `${title}${block}\n\n`;
}

/** Why this machine's lo would not answer as the capture's did, or undefined when it would. */
function loopbackDiffers(captured: string): string | undefined {
  const sys = (file: string): string => readFileSync(`/sys/class/net/lo/${file}`, "latin1").trim();
  const flags = /^lo: flags=(\d+)<.*mtu (\d+)$/m.exec(captured);
  const queue = /^ {8}loop {2}txqueuelen (\d+) /m.exec(captured);
  if (flags === null || queue === null) return "the capture has no lo block";
  const want = { flags: Number(flags[1]) & ~IFF_RUNNING, mtu: flags[2], queue: queue[1] };
  const have = { flags: Number.parseInt(sys("flags"), 16) & 0xffff, mtu: sys("mtu"), queue: sys("tx_queue_len") };
  return JSON.stringify(want) === JSON.stringify(have) ? undefined : `this machine's lo is ${JSON.stringify(have)}, the capture's ${JSON.stringify(want)}`;
}

/** Why -I=lo cannot be compared on this machine, or undefined when it can. */
export const LOOPBACK_DIFFERS = loopbackDiffers(golden({ tree: "modes", args: ["-iae"] }).stdout);

/** Why -I=vd0 cannot be compared on this machine, or undefined when it can. */
export const VD0_EXISTS = existsSync("/sys/class/net/vd0") ? "this machine has a link named vd0" : undefined;
