/**
 * The record formats' final stages of the socket listing: NDJSON writes each
 * chunk of records as it comes; `--format table` keeps only its rows' cells
 * (format/table.ts) until the pass ends, then writes the Internet table and
 * the unix one.
 */
import type { Options } from "../model/options.ts";
import type { Written } from "../model/pipeline.ts";
import type { NetworkRecord, SocketRecord, UnixRecord } from "../model/record.ts";
import { ndjsonLine } from "./ndjson.ts";
import { isoTime } from "./socket-event.ts";
import { networkColumns, tableBuilder, unixColumns } from "./table.ts";

/** A final stage of the record listing: what a chunk of records writes, and what the end of the pass writes. */
export interface SocketRecordStage {
  add(records: readonly SocketRecord[]): readonly Written[];
  end(): Iterable<Written>;
}

/** Lines joined this many at a time: one write per line would cost a system call each. */
const LINES_PER_WRITE = 512;

const stdout = (text: string): Written => ({ stream: "stdout", text });

/** NDJSON, with the pass's `ts` on every record under `-c`. */
export function socketJsonStage(options: Options, at: number): SocketRecordStage {
  const stamp = { ts: isoTime(at) };
  return {
    add(records) {
      const written: Written[] = [];
      for (let from = 0; from < records.length; from += LINES_PER_WRITE) {
        let text = "";
        for (const r of records.slice(from, from + LINES_PER_WRITE)) text += ndjsonLine(options.continuous ? { ...r, ...stamp } : r);
        written.push(stdout(text));
      }
      return written;
    },
    end: () => [],
  };
}

/** What a table stage shows: owners' column (`-p` or a filter on owners), namespace columns, colour, and whether unix is reached. */
export interface SocketTableChoices {
  readonly owners: boolean;
  readonly netns: boolean;
  readonly colour: boolean;
  /** The pass reads unix (a `-g` failure ends it before). */
  readonly unix: boolean;
}

/** Tables: the Internet one, then unix; with `-g` (which follows) or `-c` a blank line after them. */
export function socketTableStage(options: Options, choices: SocketTableChoices): SocketRecordStage {
  const { selection } = options;
  const columns = { extend: options.extend > 1, owners: choices.owners, timers: options.timers, netns: choices.netns };
  const anyInet = selection.tcp || selection.udp || selection.udplite || selection.raw || selection.sctp;
  const network = !selection.any || anyInet ? tableBuilder(networkColumns(columns), choices.colour) : undefined;
  const unix = (!selection.any || selection.unix) && choices.unix ? tableBuilder(unixColumns(columns), choices.colour) : undefined;
  return {
    add(records) {
      for (const r of records) {
        if (r.kind === "network") network?.add(r as NetworkRecord);
        else unix?.add(r as UnixRecord);
      }
      return [];
    },
    *end() {
      const tables = [network, unix].filter((t) => t !== undefined);
      if (tables.length === 0) return;
      for (const [i, table] of tables.entries()) {
        if (i > 0) yield stdout("\n");
        for (const text of table.lines()) yield stdout(text);
      }
      if (selection.igmp || options.continuous) yield stdout("\n");
    },
  };
}
