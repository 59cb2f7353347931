/**
 * The `-h` usage and `-V` version texts: netstat's layout, with this tool's
 * name, and a block for the options that netstat lacks, generated from the
 * option tables in help.ts.
 */
import { version } from "../../package.json";
import { NETSTAT_SECTIONS, OWN_SECTION, PROGRAM, type HelpOption } from "./help.ts";

export { PROGRAM } from "./help.ts";

/** The width every help line fits in. */
export const HELP_WIDTH = 80;

/** Where netstat's usage starts an option's description. */
export const DESCRIPTION_COLUMN = 33;

/** An option as the usage writes it: `-r, --route`, `--proc-root=DIR`, `--format FORMAT`. */
export function optionLabel(o: HelpOption): string {
  const names = [o.short === undefined ? "" : `-${o.short}`, o.long === undefined ? "" : `--${o.long}`].filter((n) => n !== "").join(", ");
  return o.arg === undefined ? names : `${names}${o.join ?? " "}${o.arg}`;
}

/** Words of `text` in lines of at most `width` characters (a longer word gets a line of its own). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  return [...lines, line];
}

/** One option's usage lines: netstat's layout, wrapped under the description column. */
function optionLines(o: HelpOption): string[] {
  const label = `        ${optionLabel(o)}`;
  const indent = " ".repeat(DESCRIPTION_COLUMN);
  const [first, ...rest] = o.help.split("\n").flatMap((part) => wrapWords(part, HELP_WIDTH - DESCRIPTION_COLUMN));
  const head = label.length < DESCRIPTION_COLUMN ? [`${label.padEnd(DESCRIPTION_COLUMN)}${first}`] : [label, `${indent}${first}`];
  return [...head, ...rest.map((line) => `${indent}${line}`)];
}

/** This tool's own options, listed after netstat's in the usage text (built when asked for: most runs never show it). */
export function extensionHelp(): string {
  return ["", `  ${OWN_SECTION.heading ?? ""}`, ...OWN_SECTION.options.flatMap(optionLines)].join("\n");
}

/**
 * Usage text, first part: goes to stdout for `-h` and to stderr after a usage error. netstat's
 * layout, except that its first line (two synopses) is two lines here, to fit 80 columns.
 */
export function usageText(): string {
  const p = PROGRAM;
  return [
    `usage: ${p} [-vWeenNcCF] [<Af>] -r`,
    `       ${p} {-V|--version|-h|--help}`,
    `       ${p} [-vWnNcaeol] [<Socket> ...]`,
    `       ${p} { [-vWeenNac] -i | [-cnNe] -M | -s [-6tuw] }`,
    ...NETSTAT_SECTIONS.flatMap((section) => ["", ...section.options.flatMap(optionLines)]),
    extensionHelp(),
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
