/**
 * netstat's command line: its option table, the order in which options act
 * (`-V`, `-h`, `-Z` and bad families end the run on the spot), and the
 * defaults it fills in afterwards. Produces validated {@linkcode Options} or
 * the exact text and status netstat would exit with.
 */
import { messageSafe } from "../format/terminal-safe.ts";
import * as v from "valibot";
import { OptionsSchema, type Options, type Selection } from "../model/options.ts";
import { listingForStates } from "../model/filters.ts";
import { getoptLong, type LongOption } from "./getopt.ts";
import { applyOwnOption, OWN_LONG, ownConflicts, type OwnDraft } from "./own-args.ts";
import { ADDRESS_FAMILY_LIST, usageText, versionText } from "./usage.ts";

/** The outcome of reading the command line. */
export type ParsedArgs =
  | { readonly kind: "run"; readonly options: Options; readonly stderr: string }
  | { readonly kind: "exit"; readonly stdout: string; readonly stderr: string; readonly code: number };

const SHORT_OPTIONS = "A:CFMacdeghilnNoprsStuUvVWw2fx64?ZTI::";

/** netstat's address-family long options (all return 1 in C; `--tcpip` is past the table's range). */
const AF_LONG = ["ax25", "x25", "ip", "ipx", "appletalk", "netrom", "inet", "inet6", "ddp", "rose", "unix", "bluetooth", "tcpip"];
const AF_TABLE_SIZE = 12;

const NETSTAT_LONG: readonly LongOption[] = [
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

/** Where `-Z` finds out whether SELinux is on. Injected so the parser stays pure. */
export interface ArgsEnvironment {
  readonly selinuxEnabled: boolean;
}

interface Draft extends OwnDraft {
  selection: Selection;
  counts: Record<string, number>;
  numericHosts: boolean;
  numericPorts: boolean;
  numericUsers: boolean;
  interfaceName: string | undefined;
}

function emptySelection(): Selection {
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
function applyFamilies(draft: Draft, list: string): { stderr: string; failed: boolean } {
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

function usageExit(stderrSoFar: string, message: string): ParsedArgs {
  return { kind: "exit", stdout: "", stderr: stderrSoFar + message + usageText() + ADDRESS_FAMILY_LIST, code: 3 };
}

/** netstat-stream's own complaint about the command line: one sentence, exit status 2. */
function ownExit(stderrSoFar: string, sentence: string): ParsedArgs {
  return { kind: "exit", stdout: "", stderr: `${stderrSoFar}netstat-stream: ${sentence}\n`, code: 2 };
}

/** A `-c` delay in seconds, as netstat's manual writes it: `5`, `0.5`, `.5`. */
const DELAY_WORD = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;

/** A word meant as a number (`5s`, `1e3`, `+5`, `Infinity`), which must not pass for an operand netstat ignores. */
const NUMBER_LIKE = /^[+-]?(?:[0-9]|\.[0-9]|inf|nan)/i;

/**
 * The `-c` delay: the number right after the word holding `-c` (`-c 5`, `-tnc 5`), or the
 * complaint about a number anywhere else, which would otherwise pass for a delay or vanish.
 */
function delayOf(
  parsed: ReturnType<typeof getoptLong>,
  continuousWords: readonly number[],
): { readonly word: string | undefined } | { readonly stray: string } | { readonly bad: string } {
  let word: string | undefined;
  for (const [i, operand] of parsed.operands.entries()) {
    if (!NUMBER_LIKE.test(operand)) continue;
    if (!continuousWords.includes(parsed.operandWords[i]! - 1)) return { stray: operand };
    if (!DELAY_WORD.test(operand)) return { bad: operand };
    word = operand;
  }
  return { word };
}

/** Parses netstat's command line. `program` is argv[0], which glibc names in its messages. */
export function parseNetstatArgs(program: string, args: readonly string[], env: ArgsEnvironment): ParsedArgs {
  const parsed = getoptLong(program, args, SHORT_OPTIONS, [...NETSTAT_LONG, ...OWN_LONG]);
  const draft: Draft = {
    selection: emptySelection(),
    counts: {},
    numericHosts: false,
    numericPorts: false,
    numericUsers: false,
    procRoot: "/proc",
    format: "text",
    filters: {},
    intervalMs: undefined,
    interfaceName: undefined,
    netns: [],
    netnsDir: undefined,
    formatGiven: undefined,
    color: "auto",
    said: {},
  };
  /** Where each -c/--continuous is, for the delay that follows it. */
  const continuousWords: number[] = [];
  /** The words of -I=IFACE / --interfaces=IFACE, as typed. */
  const interfaceWords: string[] = [];
  const count = (key: string): number => draft.counts[key] ?? 0;
  let stderr = "";
  for (const item of parsed.items) {
    if (item.kind === "error") return usageExit(stderr, item.message);
    const { key } = item;
    switch (key) {
      case "af": {
        const index = item.index ?? 0;
        if (index >= AF_TABLE_SIZE) {
          stderr += "netstat.c: Internal Error `longopts 1 range'.\n";
          break;
        }
        const r = applyFamilies(draft, AF_LONG[index]!);
        stderr += r.stderr;
        if (r.failed) return { kind: "exit", stdout: "", stderr, code: 1 };
        break;
      }
      case "A":
      case "4":
      case "6":
      case "x": {
        const list = key === "A" ? (item.value ?? "") : key === "4" ? "inet" : key === "6" ? "inet6" : "unix";
        const r = applyFamilies(draft, list);
        stderr += r.stderr;
        if (r.failed) return { kind: "exit", stdout: "", stderr, code: 1 };
        break;
      }
      case "V":
        return { kind: "exit", stdout: versionText(), stderr, code: 0 };
      case "h":
        return { kind: "exit", stdout: usageText(), stderr: stderr + ADDRESS_FAMILY_LIST, code: 0 };
      case "?":
        return usageExit(stderr, "");
      case "Z":
        return {
          kind: "exit",
          stdout: "",
          stderr:
            stderr +
            (env.selinuxEnabled
              ? "Cannot show SELinux security contexts: this build has no SELinux support\n"
              : "SELinux is not enabled on this machine.\n"),
          code: 1,
        };
      case "n":
        draft.numericHosts = draft.numericPorts = draft.numericUsers = true;
        break;
      case "numeric-hosts":
        draft.numericHosts = true;
        break;
      case "numeric-ports":
        draft.numericPorts = true;
        break;
      case "numeric-users":
        draft.numericUsers = true;
        break;
      case "i":
      case "I": {
        // A bare -i or --interfaces is netstat's (counted as netstat counts it); -I and
        // --interfaces=IFACE are upstream net-tools' later syntax, and go with -i.
        if (key === "i" && item.value === undefined) {
          const next = args[item.word + 1];
          // `--interfaces eth0` means eth0: netstat 2.10 ignores the word and lists every interface.
          if (item.spelling === "--interfaces" && next !== undefined && parsed.operandWords.includes(item.word + 1)) {
            return ownExit(stderr, `--interfaces takes its interface in the same word: write --interfaces=${messageSafe(next)}, not --interfaces ${messageSafe(next)}`);
          }
          draft.counts.i = count("i") + 1;
          break;
        }
        draft.counts.I = count("I") + 1;
        const typed = item.spelling === "-I" ? `-I${item.value ?? ""}` : `${item.spelling}=${item.value ?? ""}`;
        if (item.value === undefined) {
          const next = args[item.word + 1];
          if (next !== undefined && parsed.operandWords.includes(item.word + 1)) {
            return ownExit(stderr, `-I takes its interface in the same word: write -I=${messageSafe(next)} or -I${messageSafe(next)}, not -I ${messageSafe(next)}`);
          }
          break;
        }
        // `-I=eth0` and `-Ieth0` both name eth0, as upstream net-tools reads them.
        const name = item.value.replace(/^=/, "");
        if (name === "") return ownExit(stderr, `${typed} names no interface: give one, as in -I=eth0, or use -i for all of them`);
        if (draft.interfaceName !== undefined && draft.interfaceName !== name) {
          return ownExit(stderr, `${interfaceWords[0]} and ${typed} name two interfaces: -I shows one`);
        }
        draft.interfaceName = name;
        draft.said["interfaceName"] = { option: item.spelling, word: name };
        interfaceWords.push(typed);
        break;
      }
      case "c":
        draft.counts.c = count("c") + 1;
        continuousWords.push(item.word);
        break;
      default: {
        const own = applyOwnOption(draft, item, stderr);
        if (own === "unknown") draft.counts[key] = count(key) + 1;
        else if (own !== "applied") return own;
      }
    }
  }

  if (count("I") > 0 && count("r") + count("M") + count("s") > 0) {
    const other = count("r") > 0 ? "-r" : count("M") > 0 ? "-M" : "-s";
    return ownExit(stderr, `${interfaceWords[0] ?? "-I"} shows the interface table, so it cannot be used with ${other}`);
  }
  // -I goes with -i (both ask for the interface table); netstat's own -i counts as netstat counts it.
  const interfaces = Math.max(count("i"), count("I") > 0 ? 1 : 0);
  const modes = interfaces + count("r") + count("M") + count("s");
  if (modes > 1) return usageExit(stderr, "");
  // From here on, -I is -i: the checks below treat them alike.
  draft.counts.i = interfaces;

  let sel: Selection = {
    ...draft.selection,
    tcp: count("t") > 0,
    sctp: count("S") > 0,
    udp: count("u") > 0,
    udplite: count("U") > 0,
    raw: count("w") > 0,
    igmp: count("g") > 0,
    l2cap: count("2") > 0,
    rfcomm: count("f") > 0,
  };
  const anyProto = (s: Selection): boolean => s.tcp || s.sctp || s.udp || s.udplite || s.raw;
  if ((sel.inet || sel.inet6 || count("s") > 0) && !anyProto(sel)) {
    sel = { ...sel, noprot: true, tcp: true, sctp: true, udp: true, udplite: true, raw: true };
  }
  if ((anyProto(sel) || sel.igmp) && !(sel.inet || sel.inet6)) sel = { ...sel, inet: true, inet6: true };
  if (sel.bluetooth && !(sel.l2cap || sel.rfcomm)) sel = { ...sel, l2cap: true, rfcomm: true };
  sel = {
    ...sel,
    any:
      anyProto(sel) || sel.unix || sel.ipx || sel.ax25 || sel.netrom || sel.igmp || sel.x25 || sel.rose || sel.l2cap || sel.rfcomm,
  };

  // The number after -c is the delay in seconds (netstat's manual documents it; 2.10 ignores it).
  // netstat ignores every operand; without -c, so do we.
  const delay = count("c") > 0 ? delayOf(parsed, continuousWords) : { word: undefined };
  if ("stray" in delay) return ownExit(stderr, `Stray argument '${messageSafe(delay.stray)}': a -c delay goes right after -c, as in -c 5`);
  if ("bad" in delay) return ownExit(stderr, `Invalid -c value '${messageSafe(delay.bad)}': expected a delay in seconds from 0.001 to 31536000`);
  if (delay.word !== undefined && draft.intervalMs !== undefined) {
    return ownExit(stderr, `A -c delay ('${delay.word}') and --interval cannot be used together`);
  }
  if (delay.word !== undefined) draft.said["delaySeconds"] = { option: "-c", word: delay.word };
  const delaySeconds = draft.intervalMs !== undefined ? draft.intervalMs / 1000 : delay.word !== undefined ? Number(delay.word) : 1;

  const conflict = ownConflicts(draft, count, stderr);
  if (conflict !== undefined) return conflict;

  const mode = count("M") > 0 ? "masquerade" : count("s") > 0 ? "statistics" : count("r") > 0 ? "route" : count("i") > 0 ? "interfaces" : "sockets";
  const candidate = {
    mode,
    selection: sel,
    // A state filter chooses servers and connections itself, as ss's does.
    ...(draft.filters.states === undefined ? { all: count("a") > 0, listening: count("l") > 0 } : listingForStates(draft.filters.states)),
    numericHosts: draft.numericHosts,
    numericPorts: draft.numericPorts,
    numericUsers: draft.numericUsers,
    symbolic: count("N") > 0,
    extend: 1 + count("e"),
    programs: count("p") > 0,
    timers: count("o") > 0,
    wide: count("W") + count("T") > 0,
    verbose: count("v") > 0,
    fib: count("F") > 0,
    cache: count("C") > 0,
    continuous: count("c") > 0,
    delaySeconds,
    format: draft.format,
    color: draft.color,
    procRoot: draft.procRoot,
    filters: draft.filters,
    watch: count("watch") > 0,
    intervalMs: draft.intervalMs ?? 1000,
    includeExisting: count("include-existing") > 0,
    schema: count("schema") > 0,
    ...(draft.interfaceName === undefined ? {} : { interfaceName: draft.interfaceName }),
    ...(draft.netns[0] === undefined ? {} : { netns: draft.netns[0] }),
    ...(draft.netnsDir === undefined ? {} : { netnsDir: draft.netnsDir }),
  };
  const result = v.safeParse(OptionsSchema, candidate);
  if (!result.success) {
    // The schema's messages are written for users; the option and word are the ones typed.
    const issue = result.issues[0];
    const said = draft.said[String(issue.path?.[0]?.key ?? "")];
    if (said === undefined) return ownExit(stderr, `Cannot use these options: ${issue.message}`);
    return ownExit(stderr, `Invalid ${said.option} value '${said.word}': ${issue.message}`);
  }
  return { kind: "run", options: result.output, stderr };
}
