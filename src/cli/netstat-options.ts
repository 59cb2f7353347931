/**
 * netstat 2.10's option table: its short options, its long options (the
 * address-family ones among them) and the family aliases `-A` and those
 * options take, with netstat's own handling of a family list (aftrans_opt).
 */
import type { Selection } from "../model/options.ts";
import type { LongOption } from "./getopt.ts";

/** netstat's getopt string, with upstream net-tools' later `-I[=IFACE]`. */
export const SHORT_OPTIONS = "A:CFMacdeghilnNoprsStuUvVWw2fx64?ZTI::";

/** netstat's address-family long options (all return 1 in C; `--tcpip` is past the table's range). */
export const AF_LONG = ["ax25", "x25", "ip", "ipx", "appletalk", "netrom", "inet", "inet6", "ddp", "rose", "unix", "bluetooth", "tcpip"];
export const AF_TABLE_SIZE = 12;

export const NETSTAT_LONG: readonly LongOption[] = [
  ...AF_LONG.map((name): LongOption => ({ name, hasArg: "none", key: "af" })),
  { name: "version", hasArg: "none", key: "V" },
  // Optional argument: upstream net-tools' later `--interfaces=IFACE`.
  { name: "interfaces", hasArg: "optional", key: "i" },
  { name: "help", hasArg: "none", key: "h" },
  { name: "route", hasArg: "none", key: "r" },
  { name: "masquerade", hasArg: "none", key: "M" },
  { name: "protocol", hasArg: "required", key: "A" },
  { name: "tcp", hasArg: "none", key: "t" },
  { name: "sctp", hasArg: "none", key: "S" },
  { name: "udp", hasArg: "none", key: "u" },
  { name: "udplite", hasArg: "none", key: "U" },
  { name: "raw", hasArg: "none", key: "w" },
  { name: "unix", hasArg: "none", key: "x" },
  { name: "l2cap", hasArg: "none", key: "2" },
  { name: "rfcomm", hasArg: "none", key: "f" },
  { name: "listening", hasArg: "none", key: "l" },
  { name: "all", hasArg: "none", key: "a" },
  { name: "timers", hasArg: "none", key: "o" },
  { name: "continuous", hasArg: "none", key: "c" },
  { name: "extend", hasArg: "none", key: "e" },
  { name: "programs", hasArg: "none", key: "p" },
  { name: "verbose", hasArg: "none", key: "v" },
  { name: "statistics", hasArg: "none", key: "s" },
  { name: "wide", hasArg: "none", key: "W" },
  { name: "numeric", hasArg: "none", key: "n" },
  { name: "numeric-hosts", hasArg: "none", key: "numeric-hosts" },
  { name: "numeric-ports", hasArg: "none", key: "numeric-ports" },
  { name: "numeric-users", hasArg: "none", key: "numeric-users" },
  { name: "symbolic", hasArg: "none", key: "N" },
  { name: "cache", hasArg: "none", key: "C" },
  { name: "fib", hasArg: "none", key: "F" },
  { name: "groups", hasArg: "none", key: "g" },
  { name: "context", hasArg: "none", key: "Z" },
];

/** Family aliases accepted by -A and the family options, with the flag each one raises. */
const AF_ALIASES: Readonly<Record<string, { readonly name: string; readonly flag?: keyof Selection }>> = {
  ax25: { name: "ax25", flag: "ax25" },
  ip: { name: "inet", flag: "inet" },
  ip6: { name: "inet6", flag: "inet6" },
  ipx: { name: "ipx", flag: "ipx" },
  rose: { name: "rose", flag: "rose" },
  appletalk: { name: "ddp" },
  netrom: { name: "netrom", flag: "netrom" },
  inet: { name: "inet", flag: "inet" },
  inet6: { name: "inet6", flag: "inet6" },
  ddp: { name: "ddp" },
  unix: { name: "unix", flag: "unix" },
  tcpip: { name: "inet", flag: "inet" },
  econet: { name: "ec" },
  x25: { name: "x25", flag: "x25" },
  ash: { name: "ash" },
  bluetooth: { name: "bluetooth", flag: "bluetooth" },
};

/** A selection with nothing chosen yet. */
export function emptySelection(): Selection {
  return {
    tcp: false,
    udp: false,
    udplite: false,
    raw: false,
    sctp: false,
    igmp: false,
    unix: false,
    inet: false,
    inet6: false,
    ipx: false,
    ax25: false,
    netrom: false,
    x25: false,
    rose: false,
    l2cap: false,
    rfcomm: false,
    bluetooth: false,
    any: false,
    noprot: false,
    families: "",
  };
}

/** netstat's aftrans_opt: applies a comma list of families, or returns the error text. */
export function applyFamilies(draft: { selection: Selection }, list: string): { stderr: string; failed: boolean } {
  let stderr = "";
  for (const alias of list.slice(0, 255).split(",")) {
    const entry = AF_ALIASES[alias];
    if (entry === undefined) return { stderr: `${stderr}Unknown address family \`${alias}'.\n`, failed: true };
    const families = draft.selection.families;
    if (entry.name.length + families.length + 1 >= 256) {
      stderr += "Too much address family arguments.\n";
      return { stderr, failed: false };
    }
    if (entry.flag !== undefined) draft.selection = { ...draft.selection, [entry.flag]: true };
    draft.selection = { ...draft.selection, families: families === "" ? entry.name : `${families},${entry.name}` };
  }
  return { stderr, failed: false };
}

