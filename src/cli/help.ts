/**
 * Every option's help, in one place: the `-h` usage text, the manual page
 * (`netstat-stream.1`) and the shell completions are all generated from
 * these tables, so none of them can drift from the others.
 */

import { STATE_WORDS } from "../model/filters.ts";
import { COUNT_KEYS } from "../model/count.ts";

/** The program name shown by `-h`, `-V`, the manual page and the completions. */
export const PROGRAM = "netstat-stream";

/** What a shell may offer for an option's value. */
export type ValueKind =
  | { readonly kind: "words"; readonly words: readonly string[]; readonly list?: boolean }
  | { readonly kind: "directory" }
  | { readonly kind: "path" }
  | { readonly kind: "interface" }
  | { readonly kind: "user" }
  | { readonly kind: "pid" }
  | { readonly kind: "netns" }
  | { readonly kind: "none" };

/** One option as the help shows it. */
export interface HelpOption {
  /** The short letter, without `-`. */
  readonly short?: string;
  /** The long name, without `--`. */
  readonly long?: string;
  /** The value's placeholder (`DIR`); absent for a flag. */
  readonly arg?: string;
  /** How the usage writes the value after the option: `--proc-root=DIR` or `--format FORMAT`. */
  readonly join?: "=" | " ";
  /** The usage's description: wrapped to 80 columns, with a new line at each `\n`. */
  readonly help: string;
  /** The manual page's fuller paragraph; the usage's words when absent. */
  readonly man?: string;
  /** What the completions offer for the value. */
  readonly values?: ValueKind;
}

/** A block of options under an optional heading. */
export interface HelpSection {
  /** The usage's heading line, if it has one. */
  readonly heading?: string;
  /** The manual page's subsection title. */
  readonly title: string;
  readonly options: readonly HelpOption[];
}

/** netstat's address families, as `-A` takes them. */
export const FAMILY_WORDS = ["inet", "inet6", "unix", "ipx", "ax25", "netrom", "x25", "rose", "ddp", "bluetooth"];

/** netstat's own options, in its usage's order and words (they are compared with netstat's `-h`). */
export const NETSTAT_SECTIONS: readonly HelpSection[] = [
  {
    title: "Modes",
    options: [
      { short: "r", long: "route", help: "display routing table" },
      { short: "i", long: "interfaces", help: "display interface table" },
      { short: "g", long: "groups", help: "display multicast group memberships" },
      { short: "s", long: "statistics", help: "display networking statistics (like SNMP)" },
      { short: "M", long: "masquerade", help: "display masqueraded connections" },
    ],
  },
  {
    title: "Listing",
    options: [
      { short: "v", long: "verbose", help: "be verbose" },
      { short: "W", long: "wide", help: "don't truncate IP addresses" },
      { short: "n", long: "numeric", help: "don't resolve names" },
      { long: "numeric-hosts", help: "don't resolve host names" },
      { long: "numeric-ports", help: "don't resolve port names" },
      { long: "numeric-users", help: "don't resolve user names" },
      { short: "N", long: "symbolic", help: "resolve hardware names" },
      { short: "e", long: "extend", help: "display other/more information", man: "display other/more information; -ee shows more still" },
      { short: "p", long: "programs", help: "display PID/Program name for sockets" },
      { short: "o", long: "timers", help: "display timers" },
      { short: "c", long: "continuous", help: "continuous listing" },
    ],
  },
  {
    title: "Sockets shown",
    options: [
      { short: "l", long: "listening", help: "display listening server sockets" },
      { short: "a", long: "all", help: "display all sockets (default: connected)" },
      { short: "F", long: "fib", help: "display Forwarding Information Base (default)" },
      { short: "C", long: "cache", help: "display routing cache instead of FIB" },
      { short: "Z", long: "context", help: "display SELinux security context for sockets" },
    ],
  },
];

/** The socket and family switches of netstat's `<Socket>` and `<AF>` lines. */
export const SOCKET_OPTIONS: readonly HelpOption[] = [
  { short: "t", long: "tcp", help: "TCP sockets" },
  { short: "u", long: "udp", help: "UDP sockets" },
  { short: "U", long: "udplite", help: "UDP-Lite sockets" },
  { short: "S", long: "sctp", help: "SCTP sockets" },
  { short: "w", long: "raw", help: "raw sockets" },
  { short: "x", long: "unix", help: "unix domain sockets" },
  { short: "4", long: "inet", help: "IPv4 only" },
  { short: "6", long: "inet6", help: "IPv6 only" },
  { short: "A", long: "protocol", arg: "AF", join: " ", help: "these address families, a comma list", values: { kind: "words", words: FAMILY_WORDS, list: true } },
  { long: "ax25", help: "AMPR AX.25 sockets" },
  { long: "ipx", help: "Novell IPX sockets" },
  { long: "netrom", help: "AMPR NET/ROM sockets" },
  { long: "x25", help: "CCITT X.25 sockets" },
  { long: "rose", help: "AMPR ROSE sockets" },
  { short: "V", long: "version", help: "print the version and build features" },
  { short: "h", long: "help", help: "print this help" },
];


/** The options netstat lacks, listed after netstat's in the usage. */
export const OWN_SECTION: HelpSection = {
  heading: `${PROGRAM} options (spell them out in full):`,
  title: "Options netstat lacks (spelled out in full: no abbreviations)",
  options: [
    {
      short: "c", long: "continuous", arg: "DELAY", join: " ", help: "repeat every DELAY seconds (default 1)",
      man: "repeat the listing every DELAY seconds (default 1); DELAY is the number right after -c, e.g. -c 5 or -tnc 0.5",
    },
    { short: "T", long: "notrim", help: "same as -W" },
    {
      short: "I", long: "interfaces", arg: "IFACE", join: "=", help: "the interface table of IFACE only (-I=IFACE)",
      man: "display the interface table (-i) for IFACE only, written in the same word: -I=eth0 or -Ieth0; goes with -i and -e",
      values: { kind: "interface" },
    },
    { long: "proc-root", arg: "DIR", join: "=", help: "read DIR instead of /proc", values: { kind: "directory" } },
    { long: "json", help: "NDJSON records, every mode (--format json)" },
    {
      long: "format", arg: "FORMAT", join: " ", help: "text (netstat's), json or table, every mode;\nprometheus: the sockets' metrics and counters",
      man: "text (netstat's), json or table, in every mode; prometheus writes the socket listing's metrics and the protocol counters in the Prometheus text exposition 0.0.4 (numeric, no names looked up; see --metrics-help)",
      values: { kind: "words", words: ["text", "json", "table", "prometheus"] },
    },
    {
      long: "textfile", arg: "FILE", join: " ", help: "write --format prometheus to FILE (*.prom)\natomically, once or every -c interval",
      man: "write the --format prometheus exposition to FILE instead of stdout, atomically (a temporary file in the same directory, then a rename), once, or every --interval with -c (which also follows the --watch event stream between readings, for the opened and closed totals, lifetimes and bytes); FILE must end in .prom, the files node_exporter's textfile collector reads",
      values: { kind: "path" },
    },
    {
      long: "metrics-ports", arg: "LIST", join: " ", help: "ports kept in the metrics' port label besides\nthe listeners' (others are \"other\")",
      man: "remote ports that outbound connections keep in the port label of the metrics (a comma list, or repeat); every other port outside the listeners' is counted as \"other\"",
      values: { kind: "none" },
    },
    {
      long: "metrics-max-series", arg: "N", join: " ", help: "at most N series per metric family (2000);\nthe rest fold into one, counted",
      man: "at most N series per metric family (default 2000); the smallest series beyond fold into one labelled \"other\", and netstat_series_folded counts them",
      values: { kind: "none" },
    },
    { long: "metrics-help", help: "print every metric family: type, labels, help" },
    {
      long: "color", arg: "WHEN", join: "=", help: "colour states in tables and --watch lines:\nauto (on a terminal, unless NO_COLOR is set),\nalways or never",
      values: { kind: "words", words: ["auto", "always", "never"] },
    },
    { long: "schema", help: "print the JSON Schema of every record and event" },
    {
      long: "state", arg: "LIST", join: " ", help: "only these states, e.g. listen,estab,time-wait\n(netstat's or ss's names and groups; listen\nor all lists servers too, no -l needed);\nfilters pick sockets: not with -r -i -g -M -s;\na repeat or a comma list ORs",
      values: { kind: "words", words: STATE_WORDS, list: true },
    },
    { long: "port", arg: "N", join: " ", help: "only sockets with port N at either end", values: { kind: "none" } },
    { long: "sport", arg: "N", join: " ", help: "only sockets with local port N", values: { kind: "none" } },
    { long: "dport", arg: "N", join: " ", help: "only sockets with foreign port N", values: { kind: "none" } },
    { long: "pid", arg: "N", join: " ", help: "only sockets of process N", values: { kind: "pid" } },
    { long: "user", arg: "NAME|UID", join: " ", help: "only sockets of this user", values: { kind: "user" } },
    { long: "program", arg: "NAME", join: " ", help: "only this program's sockets (bare: -p)", values: { kind: "none" } },
    {
      long: "tcp-info", help: "TCP internals (rtt, cwnd, bytes, rates) from\nnetlink: ss -i's line under each TCP row,\ntcp_info in --json, six table columns",
      man: "show each TCP socket's internals from the kernel's socket-diag netlink interface (tcp_info, the congestion control and its figures, the socket's memory), as ss -ti shows them: in netstat text an indented second line in ss's -i layout under each TCP row, in --json a tcp_info object with every figure ss prints under ss's names (times in ms, rates in bit/s), in --format table the columns RTT, Cwnd, Retr, Sent, Recv and Rate. Another namespace is entered for it (root only); where it cannot be, one line on standard error says so",
    },
    {
      long: "count-by", arg: "KEYS", join: " ", help: "count the sockets shown by these keys, e.g.\nstate or foreign_address,program; largest first",
      man: "instead of listing the selected sockets, count them grouped by KEYS, a comma list of proto, family, state, local_address, local_port, foreign_address, foreign_port, program, pid, user, netns and container; largest count first, ties in the order of their key values (left to right, numbers by value, text by character code, none last). Text and tables print a Count column then the keys; --json prints count records; with --watch, a fresh count each --interval",
      values: { kind: "words", words: COUNT_KEYS, list: true },
    },
    {
      long: "top", arg: "[N]", join: " ", help: "bare: a live full-screen view of rates per\nprocess, connection, remote host (? shows\nthe keys); --top N with --count-by: the\nfirst N groups",
      man:
        "without a number: a live full-screen view of the connections and their throughput, refreshed every --interval (1 s): per process, per connection, per remote host, and with a namespace option per namespace, " +
        "from each TCP connection's kernel byte counters (no root, no packet capture); connections that close between two refreshes count with their final bytes; --filter EXPR chooses the connections shown. Needs a terminal; the keys are under LIVE VIEW. " +
        "With a number N (the next word when it looks like a number, or --top=N): with --count-by, only the first N groups. A number without --count-by, or --top without one with --count-by, is an error with status 2",
      values: { kind: "none" },
    },
    {
      long: "summary", help: "socket counts per protocol and family,\nas ss -s prints them (every format)",
      man: "print the socket summary ss -s (iproute2 6.1) prints, byte for byte, from the namespace's /proc/net/sockstat, sockstat6 and snmp; a summary record in --json, a transport table in --format table; with --netns, --netns-pid or --all-netns, each namespace's own",
    },
    {
      long: "filter", arg: "EXPR", join: " ", help: "only sockets ss's filter EXPR selects, e.g.\n'state established dport = :443';\nand/or read left to right, as ss does",
      man:
        "only the sockets that ss's filter expression EXPR selects, one argument: leading state NAME and exclude NAME words " +
        "(ss's state names and groups), then src, dst [FAMILY:]ADDR[/PREFIX][:PORT], sport, dport OP [:]PORT (OP one of = == eq != ne neq " +
        "> gt < lt >= ge geq <= le leq; PORT a number or a service name), dev NAME|INDEX, autobound, joined by and, or, not, &&, ||, !, " +
        "brackets, or side by side (and); and and or have one precedence and group left to right, as in ss 6.1, and a mix of them " +
        "without brackets is said on stderr as it was read; an expression ss rejects is an error with status 2",
      values: { kind: "none" },
    },
    { long: "watch", help: "print open/close/state events as sockets change" },
    { long: "interval", arg: "DURATION", join: " ", help: "poll period of --watch, --top, -c and --serve,\ne.g. 2s", values: { kind: "none" } },
    { long: "include-existing", help: "with --watch, report the sockets already there" },
    { long: "closes", help: "with --watch, only closes: bytes and lifetime" },
    { long: "netns", arg: "NAME|PATH", join: "=", help: "read the namespace /run/netns/NAME, or PATH", values: { kind: "netns" } },
    { long: "netns-pid", arg: "PID", join: "=", help: "read the network namespace of process PID", values: { kind: "pid" } },
    {
      long: "all-netns",
      help: "read every network namespace, every mode;\nrecords get netns and container fields",
    },
    { long: "netns-dir", arg: "DIR", join: "=", help: "find named namespaces in DIR, not /run/netns", values: { kind: "directory" } },
    {
      long: "serve", arg: "[ADDR]:PORT", join: " ", help: "run as a Prometheus exporter on ADDR:PORT:\n/metrics, /events; :PORT is every address",
      man: "run as a Prometheus exporter until SIGINT or SIGTERM: GET /metrics answers with the socket and protocol metrics (text 0.0.4, or OpenMetrics 1.0.0 when the Accept header asks for it), read afresh for each scrape; GET /events streams the --watch --json events as NDJSON; GET / names both. :PORT listens on every address, as exporters do; 127.0.0.1:PORT or [::1]:PORT keeps it on loopback. The listing options (-t, -u, -a, -p, filters, --netns*) choose what is counted",
      values: { kind: "none" },
    },
    {
      long: "web-config", arg: "FILE", join: " ", help: "TLS and basic auth for --serve, in\nexporter-toolkit's web-config.yml format",
      man: "TLS (tls_server_config: cert_file, key_file, client_ca_file) and basic authentication (basic_auth_users: bcrypt hashes) for --serve, in the web-config.yml format Prometheus exporters share; a bad file is one sentence and exit status 2 before anything listens",
      values: { kind: "path" },
    },
    { long: "completion", arg: "SHELL", join: " ", help: "print the bash, zsh or fish completion script", values: { kind: "words", words: ["bash", "zsh", "fish"] } },
  ],
};

/**
 * Every option once, for the completions: the first entry of a letter or long name wins, so
 * `-c` is netstat's flag (its delay is a separate word) and `-I` keeps only its letter
 * (`--interfaces` is `-i`'s).
 */
export function allOptions(): readonly HelpOption[] {
  const entries = [...NETSTAT_SECTIONS.flatMap((s) => s.options), ...SOCKET_OPTIONS, ...OWN_SECTION.options];
  const seen = new Set<string>();
  const options: HelpOption[] = [];
  for (const { short, long, ...rest } of entries) {
    const letter = short !== undefined && !seen.has(`-${short}`) ? short : undefined;
    const name = long !== undefined && !seen.has(`--${long}`) ? long : undefined;
    if (letter === undefined && name === undefined) continue;
    if (letter !== undefined) seen.add(`-${letter}`);
    if (name !== undefined) seen.add(`--${name}`);
    options.push({ ...rest, ...(letter === undefined ? {} : { short: letter }), ...(name === undefined ? {} : { long: name }) });
  }
  return options;
}
