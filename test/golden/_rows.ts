/**
 * Where records and netstat's text rows map onto each other: the rows of each kind a netstat text
 * listing holds (socket rows by their Proto column, route rows, group rows, statistics printed raw
 * as `Key: value`), for checking `--json` records and `--format table` rows against the text golden.
 */

/** A socket row starts with its Proto column (`??` for a unix row of an unknown protocol); sctp continuation lines start with spaces. */
const SOCKET_ROW = /^(tcp6?|udpl?6?|raw6?|unix|\?\?|sctp) /;

/** The rows of one text listing, by the record kind they become. */
export interface TextRows {
  /** The Proto column of each socket row, in order (records `network` and `socket`). */
  readonly sockets: readonly string[];
  /** Route rows (records `route`). */
  readonly routes: number;
  /** Group membership rows (records `group`). */
  readonly groups: number;
  /** Counters netstat printed raw, `Key: value` (records `statistic` with that key and value). */
  readonly rawCounters: readonly { readonly key: string; readonly value: number }[];
}

/**
 * Where records (and the table rows made of them) list rows netstat's text does not show (reported, not settled here): each
 * reason names the difference, and the test checks that it is still there.
 */
const ROWS_DIFFER: Readonly<Record<string, string>> = {
  "sctp -San": "an SCTP endpoint without local addresses is a record (0.0.0.0:22) but no netstat row",
  "sctp -Sln": "an SCTP endpoint without local addresses is a record (0.0.0.0:22) but no netstat row",
  "sctp -Saen": "an SCTP endpoint without local addresses is a record (0.0.0.0:22) but no netstat row",
  "sctp -Saeon": "an SCTP endpoint without local addresses is a record (0.0.0.0:22) but no netstat row",
  "sctp -SanW": "an SCTP endpoint without local addresses is a record (0.0.0.0:22) but no netstat row",
  "sctp -San -4": "an SCTP endpoint without local addresses is a record (0.0.0.0:22) but no netstat row",
  "sctp -an": "an SCTP endpoint without local addresses is a record (0.0.0.0:22) but no netstat row",
  "sctp -Sanp": "an SCTP endpoint without local addresses is a record (0.0.0.0:22) but no netstat row",
  "modes -rneee": "netstat's -eee prints the title alone; the records list every route",
};

/** The known difference of a case's rows from netstat's text, or undefined when they must be equal. */
export function differs(c: { readonly tree: string; readonly args: readonly string[] }): string | undefined {
  return ROWS_DIFFER[`${c.tree} ${c.args.join(" ")}`];
}

/** Reads netstat's text into the rows of each kind. */
export function textRows(text: string): TextRows {
  const sockets: string[] = [];
  const rawCounters: { key: string; value: number }[] = [];
  let routes = 0;
  let groups = 0;
  let section: "none" | "routes" | "groups" | "statistics" = "none";
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const proto = SOCKET_ROW.exec(line);
    if (line.startsWith("Kernel ")) section = "none";
    else if (/^(Destination|Source) /.test(line)) section = "routes";
    else if (line.startsWith("--------------- ")) section = "groups";
    else if (/^\w+:$/.test(line)) section = "statistics";
    else if (line.startsWith("Active ") || line.startsWith("Proto ")) section = "none";
    else if (proto !== null && section === "none") sockets.push(proto[1]!);
    else if (section === "routes") routes++;
    else if (section === "groups") groups++;
    else if (section === "statistics") {
      const raw = /^ +(\w+): (\d+)$/.exec(line);
      if (raw !== null) rawCounters.push({ key: raw[1]!, value: Number(raw[2]) });
    }
  }
  return { sockets, routes, groups, rawCounters };
}

/** One parsed NDJSON line. */
export type JsonRecord = Readonly<Record<string, unknown>>;

/** The same reading for records: what netstat's text would show of them, kind by kind. */
export function recordRows(records: readonly JsonRecord[]): Omit<TextRows, "rawCounters"> {
  return {
    sockets: records.filter((r) => r["kind"] === "network" || r["kind"] === "socket").map((r) => String(r["proto"] ?? "unix")),
    routes: records.filter((r) => r["kind"] === "route").length,
    groups: records.filter((r) => r["kind"] === "group").length,
  };
}

/** Raw counters of the text that no `statistic` record carries with the same key (or section and key) and value. */
export function countersMissing(text: TextRows, records: readonly JsonRecord[]): string[] {
  const stats = records.filter((r) => r["kind"] === "statistic");
  return text.rawCounters
    .filter(({ key, value }) => !stats.some((r) => (r["key"] === key || `${String(r["section"])}${String(r["key"])}` === key) && r["value"] === value))
    .map(({ key, value }) => `${key}: ${value}`);
}

/** The rows of a `--format table` listing: each block's first line is its header, which names its kind. */
export function tableRows(text: string): Omit<TextRows, "rawCounters"> {
  const sockets: string[] = [];
  let routes = 0;
  let groups = 0;
  for (const block of text.split("\n\n")) {
    const [header = "", ...rows] = block.split("\n").filter((l) => l !== "");
    if (header.startsWith("Proto ")) sockets.push(...rows.map((l) => l.split(" ")[0]!));
    else if (/^(Destination|Source) /.test(header)) routes += rows.length;
    else if (header.startsWith("Interface ")) groups += rows.length;
  }
  return { sockets, routes, groups };
}

/** NDJSON text as records. */
export function ndjson(text: string): JsonRecord[] {
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as JsonRecord);
}
