/**
 * The manual page `netstat-stream.1` (roff, man macros), generated from the
 * option tables in help.ts, the same source as `-h` and the completions.
 */
import { version } from "../../package.json";
import { HELP_LINES } from "../format/top-screen.ts";
import { NETSTAT_SECTIONS, OWN_SECTION, PROGRAM, SOCKET_OPTIONS, type HelpOption } from "./help.ts";

/** Text for roff: backslashes and hyphens escaped, and no line starting with a control character. */
export function roffText(text: string): string {
  return text
    .replace(/\\/g, "\\e")
    .replace(/-/g, "\\-")
    .split("\n")
    .map((line) => (/^[.']/.test(line) ? `\\&${line}` : line))
    .join("\n");
}

/** An option's tag line: names in bold, the value in italics. */
function optionTag(o: HelpOption): string {
  const names = [o.short === undefined ? "" : `\\fB\\-${o.short}\\fR`, o.long === undefined ? "" : `\\fB\\-\\-${roffText(o.long)}\\fR`]
    .filter((n) => n !== "")
    .join(", ");
  return o.arg === undefined ? names : `${names}${o.join === "=" ? "=" : " "}\\fI${roffText(o.arg)}\\fR`;
}

function optionItem(o: HelpOption): string[] {
  return [".TP", optionTag(o), roffText((o.man ?? o.help).replace(/\n/g, " "))];
}

const EXIT_STATUSES: readonly (readonly [string, string])[] = [
  ["0", "success, -h, -V, the end of any run by SIGINT, SIGTERM or SIGHUP (after the last complete line, or, with --serve, once the exporter has stopped), and a reader of standard output that went away (| head -1)"],
  ["1", "what netstat exits 1 for (an unknown address family, a missing /proc file for a requested family, ...), a proc root that cannot be read, output that cannot be written (a full device, a standard output closed at start), and a --serve address that cannot be listened on (a port in use): one sentence on standard error says so"],
  ["2", "a bad value of an option netstat lacks, options that do not go together, a --web-config file that cannot be used, or --top without a terminal; one sentence on standard error says which"],
  ["3", "what netstat exits 3 for: an unknown option, conflicting modes; the usage follows the message"],
  ["255", "what netstat exits 255 for: a /proc file that exists but cannot be read as netstat expects (an IPX table it cannot parse, the routing cache, ip_masquerade)"],
];

const EXAMPLES: readonly (readonly [string, string])[] = [
  ["netstat-stream -tulpn", "listening TCP and UDP sockets with their programs, numeric, as netstat -tulpn prints them"],
  ["netstat-stream -tanp --json | jq -c 'select(.state==\"LISTEN\")'", "the same as NDJSON records, one per line"],
  ["netstat-stream -tuap --format table", "aligned tables, columns as wide as their cells"],
  ["netstat-stream --watch -tp", "one line per socket opened, closed or changing state"],
  ["netstat-stream -tan --count-by foreign_address,state --top 10", "the ten remote hosts and states holding the most TCP sockets"],
  ["netstat-stream -tn --tcp-info --state established", "established TCP connections with rtt, congestion window and bytes, as ss -ti shows them"],
  ["netstat-stream --summary", "the socket summary, as ss -s prints it"],
  ["netstat-stream -tn --filter 'state established dst 203.0.113.0/24'", "established TCP connections to one /24, as ss -tn state established dst 203.0.113.0/24 selects them"],
  ["netstat-stream --top -t", "who is talking to whom, and how fast: a live screen of TCP rates per process, connection and remote host"],
  ["netstat-stream --all-netns -tln", "listeners of every network namespace, with the containers they belong to"],
  ["netstat-stream --serve 127.0.0.1:9469 -p", "a Prometheus exporter on loopback: curl http://127.0.0.1:9469/metrics, or curl -N http://127.0.0.1:9469/events"],
  ["source <(netstat-stream --completion bash)", "completion for the running bash"],
];

/** The whole page. */
export function manPage(): string {
  const sections = [
    ...NETSTAT_SECTIONS,
    { title: "Protocols and address families", options: SOCKET_OPTIONS },
    OWN_SECTION,
  ];
  return [
    `.TH ${PROGRAM.toUpperCase().replace(/-/g, "\\-")} 1 "" "${PROGRAM} ${version}" "User Commands"`,
    ".SH NAME",
    `${roffText(PROGRAM)} \\- a modern netstat for Linux: netstat's text, NDJSON, tables and live socket events`,
    ".SH SYNOPSIS",
    ".nf",
    `\\fB${roffText(PROGRAM)}\\fR [\\fB\\-vWeenNcCF\\fR] [\\fI<Af>\\fR] \\fB\\-r\\fR`,
    `\\fB${roffText(PROGRAM)}\\fR {\\fB\\-V\\fR|\\fB\\-\\-version\\fR|\\fB\\-h\\fR|\\fB\\-\\-help\\fR}`,
    `\\fB${roffText(PROGRAM)}\\fR [\\fB\\-vWnNcaeol\\fR] [\\fI<Socket>\\fR ...] [\\fB\\-c\\fR [\\fIDELAY\\fR]]`,
    `\\fB${roffText(PROGRAM)}\\fR { [\\fB\\-vWeenNac\\fR] \\fB\\-i\\fR | [\\fB\\-cnNe\\fR] \\fB\\-M\\fR | \\fB\\-s\\fR [\\fB\\-6tuw\\fR] }`,
    `\\fB${roffText(PROGRAM)}\\fR \\fB\\-\\-watch\\fR [\\fB\\-\\-json\\fR] [\\fI<Socket>\\fR ...]`,
    `\\fB${roffText(PROGRAM)}\\fR \\fB\\-\\-serve\\fR [\\fIADDR\\fR]:\\fIPORT\\fR [\\fB\\-\\-web\\-config\\fR \\fIFILE\\fR] [\\fI<Socket>\\fR ...]`,
    `\\fB${roffText(PROGRAM)}\\fR \\fB\\-\\-top\\fR [\\fB\\-\\-interval\\fR \\fIDURATION\\fR] [\\fB\\-\\-filter\\fR \\fIEXPR\\fR] [\\fI<Socket>\\fR ...]`,
    ".fi",
    ".SH DESCRIPTION",
    roffText(
      `${PROGRAM} prints what net-tools netstat 2.10 prints, byte for byte, for every option netstat accepts: ` +
        "sockets, routes (-r), interfaces (-i), multicast groups (-g) and protocol statistics (-s), read from /proc. " +
        "It adds NDJSON records (--json) and aligned tables (--format table) for every mode, socket filters, " +
        "live socket events (--watch), and other network namespaces and containers (--netns, --all-netns).",
    ),
    ".PP",
    roffText(
      "Words that are not options are ignored, as netstat ignores them, except the -c delay. " +
        "Options netstat lacks must be spelled out in full, so that netstat's abbreviations keep their meaning.",
    ),
    ".PP",
    roffText(
      "With --serve it runs as a Prometheus exporter until stopped: GET /metrics reads the sockets afresh for each scrape " +
        "(scrapes that come meanwhile share the reading), GET /events streams the --watch --json events to each client, " +
        "and --web-config adds TLS and basic authentication in the web-config.yml format Prometheus exporters share.",
    ),
    ".SH OPTIONS",
    ...sections.flatMap((section) => [`.SS "${roffText(section.title)}"`, ...section.options.flatMap(optionItem)]),
    ".SH LIVE VIEW",
    roffText(
      "--top with no number after it is the live view; --top N (the next word when it looks like a number, or --top=N) keeps the first N groups of --count-by. " +
        "The live view starts with the sockets the selection flags and --filter EXPR choose; its / key takes an ss filter expression, or, when the text typed is not one, a substring of the row. " +
        "The keys of --top (? shows them on the screen):",
    ),
    ".PP",
    ".nf",
    ...HELP_LINES.map(roffText),
    ".fi",
    ".SH EXIT STATUS",
    ...EXIT_STATUSES.flatMap(([code, meaning]) => [".TP", `\\fB${code}\\fR`, roffText(meaning)]),
    ".SH ENVIRONMENT",
    ".TP",
    "\\fBNO_COLOR\\fR",
    roffText("When set and not empty, --color=auto (the default) does not colour; --color=always still does."),
    ".SH EXAMPLES",
    ...EXAMPLES.flatMap(([command, meaning]) => [".TP", `\\fB${roffText(command)}\\fR`, roffText(meaning)]),
    ".SH SEE ALSO",
    "\\fBnetstat\\fR(8), \\fBss\\fR(8), \\fBip\\-netns\\fR(8)",
    "",
  ].join("\n");
}
