/**
 * `--format table`: columns as wide as their widest cell (never truncated),
 * a header row, two spaces between columns, and optional ANSI colour for
 * connection states. Cells are terminal-safe.
 */
import type { NetworkRecord, UnixRecord } from "../model/record.ts";
import type { TcpInfo } from "../model/tcp-info.ts";
import { general } from "./_printf.ts";
import { rateText } from "./tcp-info-text.ts";
import { terminalSafe } from "./terminal-safe.ts";

/** One column: its header, how to get a cell's text, and its alignment. */
export interface Column<T> {
  readonly header: string;
  readonly cell: (row: T) => string;
  readonly align?: "left" | "right";
  /** Marks the column whose cells are connection states (coloured on a TTY). */
  readonly state?: boolean;
}

const RESET = "\x1b[0m";

/** ANSI colours of connection states; states not listed stay plain. */
export const STATE_COLOURS: Readonly<Record<string, string>> = {
  ESTABLISHED: "\x1b[32m",
  CONNECTED: "\x1b[32m",
  LISTEN: "\x1b[36m",
  LISTENING: "\x1b[36m",
  SYN_SENT: "\x1b[35m",
  SYN_RECV: "\x1b[35m",
  CONNECTING: "\x1b[35m",
  FIN_WAIT1: "\x1b[33m",
  FIN_WAIT2: "\x1b[33m",
  TIME_WAIT: "\x1b[33m",
  CLOSE_WAIT: "\x1b[33m",
  LAST_ACK: "\x1b[31m",
  CLOSING: "\x1b[31m",
  CLOSE: "\x1b[31m",
  DISCONNECTING: "\x1b[31m",
};

/** Wraps a state's text (already padded) in its colour. */
export function colourState(padded: string, state: string, colour: boolean): string {
  const code = colour ? STATE_COLOURS[state] : undefined;
  return code === undefined ? padded : `${code}${padded}${RESET}`;
}

/** A table filled row by row: each row kept only as its cells' text, widths updated as it comes. */
export interface TableBuilder<T> {
  add(row: T): void;
  /** The table, header first, in pieces of a block of rows each; the rows are let go as they are written. */
  lines(): Generator<string>;
}

// Cells are terminal-safe, so they never hold a NUL or a newline: rows are kept as flat strings of
// ROWS_PER_BLOCK rows each, cells joined by NUL and rows by newline, so a million rows cost their
// text and little more (a string built by += is a rope that would keep every cell alive).
const CELL_SEP = "\0";
const ROWS_PER_BLOCK = 1024;

/** A table builder for `columns`; every line ends in a newline, trailing blanks are trimmed. */
export function tableBuilder<T>(columns: readonly Column<T>[], colour: boolean): TableBuilder<T> {
  const blocks: string[] = [];
  let pending: string[] = [];
  const widths = columns.map((c) => c.header.length);
  const line = (texts: readonly string[], header: boolean): string =>
    texts
      .map((text, i) => {
        const column = columns[i]!;
        const pad = " ".repeat(widths[i]! - text.length);
        const padded = column.align === "right" ? pad + text : text + pad;
        return !header && column.state === true ? colourState(padded, text, colour) : padded;
      })
      .join("  ")
      .trimEnd();
  const cells: string[] = new Array<string>(columns.length);
  return {
    add(row) {
      for (let i = 0; i < columns.length; i++) {
        const text = terminalSafe(columns[i]!.cell(row));
        if (text.length > widths[i]!) widths[i] = text.length;
        cells[i] = text;
      }
      pending.push(cells.join(CELL_SEP));
      if (pending.length === ROWS_PER_BLOCK) {
        blocks.push(pending.join("\n"));
        pending = [];
      }
    },
    *lines() {
      if (pending.length > 0) blocks.push(pending.join("\n"));
      pending = [];
      yield `${line(columns.map((c) => c.header), true)}\n`;
      for (let b = 0; b < blocks.length; b++) {
        let text = "";
        for (const row of blocks[b]!.split("\n")) text += `${line(row.split(CELL_SEP), false)}\n`;
        // The block is written; let it go.
        blocks[b] = "";
        yield text;
      }
      blocks.length = 0;
    },
  };
}

/** Lays out `rows` under `columns`; every line ends in a newline, trailing blanks are trimmed. */
export function formatTable<T>(columns: readonly Column<T>[], rows: readonly T[], colour: boolean): string {
  const table = tableBuilder(columns, colour);
  for (const row of rows) table.add(row);
  return [...table.lines()].join("");
}

/** The columns a socket table shows, netstat's choice of extras included. */
export interface SocketColumnsOptions {
  /** `-e`: User and Inode. */
  readonly extend: boolean;
  /** Owners were looked up: PID/Program name. */
  readonly owners: boolean;
  /** `-o`: Timer. */
  readonly timers: boolean;
  /** `--netns*`: the namespace and container each row was read from, leading. */
  readonly netns?: boolean;
  /** `--tcp-info`: RTT, Cwnd, Retr, Sent, Recv and Rate (empty for sockets without internals). */
  readonly tcpInfo?: boolean;
}

/** What a record read from a chosen namespace carries (see src/format/netns-fields.ts). */
export interface Labelled {
  readonly netns?: number | undefined;
  readonly netns_name?: string | null | undefined;
  readonly container_id?: string | null | undefined;
  readonly container_runtime?: string | null | undefined;
}

/** docker's and crictl's short container id: the first 12 hex digits. */
const SHORT_ID = 12;

/** The leading namespace columns of any table whose rows `--netns*` chose. */
export function netnsColumns<T extends Labelled>(): Column<T>[] {
  return [
    { header: "Netns", cell: (r) => (r.netns === undefined ? "" : String(r.netns)), align: "right" },
    { header: "Netns Name", cell: (r) => r.netns_name ?? "" },
    {
      header: "Container",
      cell: (r) => (r.container_id == null ? "" : `${r.container_runtime ?? ""}:${r.container_id.slice(0, SHORT_ID)}`),
    },
  ];
}

/**
 * `host:port` as ss and URLs write it: an IPv6 literal in brackets (`[2001:db8::1]:443`), so that
 * its colons are not read as the port's. Names and IPv4 addresses stay bare; netstat's `[::]`
 * already has its brackets.
 */
export function endpointText(host: string, port: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]:${port}` : `${host}:${port}`;
}

const owner = (r: { readonly pid?: number | null | undefined; readonly program_name?: string | null | undefined }): string =>
  r.pid === undefined || r.pid === null ? "-" : `${r.pid}/${r.program_name ?? ""}`;

/** A socket's `-o` timer as netstat writes it, `on (0.20/0/0)`; empty for none. */
export function timerText(timer: NetworkRecord["timer"]): string {
  return timer === null ? "" : `${timer.name} (${timer.seconds.toFixed(2)}/${timer.retransmits}/${timer.timeout})`;
}

/** A figure of a socket's tcp_info, or nothing for a socket without one. */
const info = (text: (t: TcpInfo) => string) => (r: NetworkRecord): string => (r.tcp_info === undefined ? "" : text(r.tcp_info));

/** `--tcp-info`'s readable subset: rtt/rttvar (ms), congestion window, retransmits now/total, bytes sent and received, delivery rate. */
const TCP_INFO_COLUMNS: readonly Column<NetworkRecord>[] = [
  { header: "RTT", cell: info((t) => `${general(t.rtt)}/${general(t.rttvar)}`), align: "right" },
  { header: "Cwnd", cell: info((t) => String(t.cwnd)), align: "right" },
  { header: "Retr", cell: info((t) => `${t.retrans}/${t.retrans_total}`), align: "right" },
  { header: "Sent", cell: info((t) => String(t.bytes_sent)), align: "right" },
  { header: "Recv", cell: info((t) => String(t.bytes_received)), align: "right" },
  { header: "Rate", cell: info((t) => `${rateText(t.delivery_rate, false)}bps`), align: "right" },
];

/** Columns of the Internet socket table. */
export function networkColumns(options: SocketColumnsOptions): Column<NetworkRecord>[] {
  const columns: Column<NetworkRecord>[] = [
    ...(options.netns === true ? netnsColumns<NetworkRecord>() : []),
    { header: "Proto", cell: (r) => r.proto },
    { header: "Recv-Q", cell: (r) => String(r.recv_q), align: "right" },
    { header: "Send-Q", cell: (r) => String(r.send_q), align: "right" },
    { header: "Local Address", cell: (r) => endpointText(r.local_address, r.local_port) },
    { header: "Foreign Address", cell: (r) => endpointText(r.foreign_address, r.foreign_port) },
    { header: "State", cell: (r) => r.state ?? "", state: true },
  ];
  if (options.extend) {
    columns.push({ header: "User", cell: (r) => r.user }, { header: "Inode", cell: (r) => String(r.inode), align: "right" });
  }
  if (options.owners) columns.push({ header: "PID/Program name", cell: owner });
  if (options.timers) {
    columns.push({
      header: "Timer",
      cell: (r) => timerText(r.timer),
    });
  }
  if (options.tcpInfo === true) columns.push(...TCP_INFO_COLUMNS);
  return columns;
}

/** Columns of the unix socket table. */
export function unixColumns(options: SocketColumnsOptions): Column<UnixRecord>[] {
  const columns: Column<UnixRecord>[] = [
    ...(options.netns === true ? netnsColumns<UnixRecord>() : []),
    { header: "Proto", cell: (r) => r.proto },
    { header: "RefCnt", cell: (r) => String(r.refcnt), align: "right" },
    { header: "Flags", cell: (r) => r.flags ?? "" },
    { header: "Type", cell: (r) => r.type },
    { header: "State", cell: (r) => r.state ?? "", state: true },
    { header: "I-Node", cell: (r) => (r.inode === null ? "-" : String(r.inode)), align: "right" },
  ];
  if (options.owners) columns.push({ header: "PID/Program name", cell: owner });
  columns.push({ header: "Path", cell: (r) => r.path ?? "" });
  return columns;
}
