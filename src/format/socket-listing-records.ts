/**
 * The socket listing's final stages where records are written: NDJSON
 * writes each batch of sockets as it comes; `--format table` keeps only its
 * rows' cells (format/table.ts) until the pass ends, then writes the
 * Internet table and the unix one. Both build a socket's record with the
 * owners and namespace in force, write `-p`'s warning once however many
 * namespaces are read, and write `-g`'s memberships (through `-g`'s own
 * stage) after the sockets.
 */
import { from, Observable } from "rxjs";
import type { Group } from "../model/group.ts";
import { record as recordItem, type Item, type SectionName, type Written } from "../model/pipeline.ts";
import type { NetworkRecord, SocketRecord, UnixRecord } from "../model/record.ts";
import type { ListingRecord } from "../pipeline/socket-listing.ts";
import { GROUP_FORMATS } from "./group-stages.ts";
import { ListingState, recordOptions } from "./listing-record.ts";
import { ndjsonLine } from "./ndjson.ts";
import { isoTime } from "./socket-event.ts";
import { diagnosticWritten, type FinalStage, type StageContext } from "./stages.ts";
import { networkColumns, tableBuilder, unixColumns, type TableBuilder } from "./table.ts";

/** How one record format writes the sockets of a pass: as each batch comes, and once it ends. */
export interface SocketWriter {
  /** A section of the listing starts (a table that is shown even when it stays empty). */
  open(section: SectionName): void;
  /** At most {@linkcode LINES_PER_WRITE} records at a time. */
  add(records: readonly SocketRecord[]): Iterable<Written>;
  end(): Iterable<Written>;
}

/** Lines joined this many at a time: one write per line would cost a system call each. */
const LINES_PER_WRITE = 512;

const stdout = (text: string): Written => ({ stream: "stdout", text });

/** NDJSON, with the pass's `ts` on every record under `-c`. */
function jsonWriter(ctx: StageContext): SocketWriter {
  const stamp = { ts: isoTime(ctx.now()) };
  const { continuous } = ctx.options;
  return {
    open: () => {},
    *add(records) {
      let text = "";
      for (const r of records) text += ndjsonLine(continuous ? { ...r, ...stamp } : r);
      yield stdout(text);
    },
    end: () => [],
  };
}

/** Tables: the Internet one, then unix, each once its section starts; with `-g` (which follows) or `-c` a blank line after them. */
function tableWriter(ctx: StageContext): SocketWriter {
  const { options } = ctx;
  const columns = { extend: options.extend > 1, owners: recordOptions(options).owners, timers: options.timers, netns: options.netns !== undefined, tcpInfo: options.tcpInfo };
  let network: TableBuilder<NetworkRecord> | undefined;
  let unix: TableBuilder<UnixRecord> | undefined;
  return {
    open(section) {
      if (section === "inet") network ??= tableBuilder(networkColumns(columns), ctx.colour);
      if (section === "unix") unix ??= tableBuilder(unixColumns(columns), ctx.colour);
    },
    add(records) {
      for (const r of records) {
        if (r.kind === "network") network?.add(r);
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
      if (options.selection.igmp || options.continuous) yield stdout("\n");
    },
  };
}

/** A record stage of the listing from its writer: sockets become records as they come, memberships wait for the end. */
export function recordListing(writerOf: (ctx: StageContext) => SocketWriter, groups: FinalStage<Group>): FinalStage<ListingRecord> {
  return (ctx) => (items) =>
    new Observable<Written>((subscriber) => {
      const writer = writerOf(ctx);
      const state = new ListingState(ctx, recordOptions(ctx.options));
      // `-g`'s part, with the namespaces it was read in, written once the sockets are.
      const held: Item<Group>[] = [];
      const write = (written: Iterable<Written>): void => {
        for (const w of written) subscriber.next(w);
      };
      // Records are built and written a slice at a time: a batch's records never live all at once.
      let built: SocketRecord[] = [];
      const flush = (): void => {
        if (built.length > 0) write(writer.add(built));
        built = [];
      };
      const add = (records: readonly ListingRecord[]): void => {
        for (const r of records) {
          if (state.learn(r)) continue;
          if (r.kind === "group") held.push(recordItem(r));
          else if (r.kind !== "legacy" && r.kind !== "counters") {
            built.push(state.record(r));
            if (built.length === LINES_PER_WRITE) flush();
          }
        }
        flush();
      };
      return items.subscribe({
        next: (item) => {
          switch (item.kind) {
            case "diagnostic":
              if (state.says(item.diagnostic)) write(diagnosticWritten(ctx.options.format, item));
              return;
            case "namespace":
              state.label = item.label;
              return void held.push(item);
            case "section":
              if (item.section === "groups") return void held.push(item);
              return writer.open(item.section);
            case "record":
              return add([item.record]);
            case "batch":
              return add(item.records);
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          write(writer.end());
          if (held.some((i) => i.kind === "section")) from(held).pipe(groups(ctx)).subscribe((w) => subscriber.next(w));
          subscriber.complete();
        },
      });
    });
}

/** `--json` of the socket listing. */
export const socketListingJson: FinalStage<ListingRecord> = recordListing(jsonWriter, GROUP_FORMATS.json);

/** `--format table` of the socket listing. */
export const socketListingTable: FinalStage<ListingRecord> = recordListing(tableWriter, GROUP_FORMATS.table);
