/**
 * The `-h` usage and `-V` version texts: netstat's layout, with this tool's
 * name, and a block for the options that netstat lacks.
 */
import { version } from "../../package.json";

/** The program name shown by `-h` and `-V`. */
export const PROGRAM = "netstat-stream";

/** This tool's own options, listed after netstat's in the usage text. */
export const EXTENSION_HELP = [
  "",
  `  ${PROGRAM} options (spell them out in full):`,
  "        -c, --continuous DELAY   repeat every DELAY seconds instead of every second",
  "        -T, --notrim             same as -W",
  "        -I, --interfaces=IFACE   display the interface table for IFACE only (-I=IFACE)",
  "        --proc-root=DIR          read DIR instead of /proc",
  "        --json                   NDJSON records, every mode (same as --format json)",
  "        --format FORMAT          text (netstat's), json or table, every mode",
  "        --schema                 print the JSON Schema of every record and event",
  "        --state LIST             only these states, e.g. listen,estab,time-wait",
  "                                 (listen or all lists servers; no -l needed)",
  "                                 (the filters select sockets: not with -r -i -g -M -s)",
  "        --port N                 only sockets with port N at either end",
  "        --sport N, --dport N     only sockets with local / foreign port N",
  "        --pid N                  only sockets of process N",
  "        --user NAME|UID          only sockets of this user",
  "        --program NAME           only sockets of this program (a bare --program is -p)",
  "        --watch                  print open/close/state events as sockets change",
  "        --interval DURATION      poll period of --watch and -c, e.g. 250ms, 2s",
  "        --include-existing       with --watch, report the sockets already there",
  "        --netns=NAME|PATH        read the network namespace /run/netns/NAME or PATH",
  "        --netns-pid=PID          read the network namespace of process PID",
  "        --all-netns              read every network namespace, grouped, with container ids",
  "                                 (every mode; --json/table/--watch add netns and container fields)",
  "        --netns-dir=DIR          find named namespaces in DIR instead of /run/netns",
].join("\n");

/** Usage text, first part: goes to stdout for `-h` and to stderr after a usage error. */
export function usageText(): string {
  const p = PROGRAM;
  return [
    `usage: ${p} [-vWeenNcCF] [<Af>] -r         ${p} {-V|--version|-h|--help}`,
    `       ${p} [-vWnNcaeol] [<Socket> ...]`,
    `       ${p} { [-vWeenNac] -i | [-cnNe] -M | -s [-6tuw] }`,
    "",
    "        -r, --route              display routing table",
    "        -i, --interfaces         display interface table",
    "        -g, --groups             display multicast group memberships",
    "        -s, --statistics         display networking statistics (like SNMP)",
    "        -M, --masquerade         display masqueraded connections",
    "",
    "        -v, --verbose            be verbose",
    "        -W, --wide               don't truncate IP addresses",
    "        -n, --numeric            don't resolve names",
    "        --numeric-hosts          don't resolve host names",
    "        --numeric-ports          don't resolve port names",
    "        --numeric-users          don't resolve user names",
    "        -N, --symbolic           resolve hardware names",
    "        -e, --extend             display other/more information",
    "        -p, --programs           display PID/Program name for sockets",
    "        -o, --timers             display timers",
    "        -c, --continuous         continuous listing",
    "",
    "        -l, --listening          display listening server sockets",
    "        -a, --all                display all sockets (default: connected)",
    "        -F, --fib                display Forwarding Information Base (default)",
    "        -C, --cache              display routing cache instead of FIB",
    "        -Z, --context            display SELinux security context for sockets",
    EXTENSION_HELP,
    "",
    "  <Socket>={-t|--tcp} {-u|--udp} {-U|--udplite} {-S|--sctp} {-w|--raw}",
    "           {-x|--unix} --ax25 --ipx --netrom",
    "  <AF>=Use '-6|-4' or '-A <af>' or '--<af>'; default: inet",
    "  List of possible address families (which support routing):",
    "",
  ].join("\n");
}

/** The address-family list that netstat always prints to stderr after the usage. */
export const ADDRESS_FAMILY_LIST =
  "    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) \n" +
  "    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) \n" +
  "    ddp (Appletalk DDP) x25 (CCITT X.25) \n";

/** The `-V` text: netstat's five-line layout with this tool's name and version. */
export function versionText(): string {
  return [
    `${PROGRAM} ${version}`,
    "A modern netstat for Linux; its text output follows net-tools 2.10 netstat",
    "+NEW_ADDRT +RTF_IRTT +RTF_REJECT +FW_MASQUERADE -I18N -SELINUX",
    "AF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH",
    "HW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64 ",
    "",
  ].join("\n");
}
