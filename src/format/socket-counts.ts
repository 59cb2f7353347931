/**
 * `--count-by`'s final stage, the same in every format: the socket records
 * every record format builds (socket-listing-records.ts), counted by the
 * keys asked for once the pass ends, largest count first, ties in the order
 * of their key values (left to right; numbers by value, text by character
 * code, none last), cut to `--top N`. Text and tables print an aligned
 * Count column then the keys; NDJSON one `count` record per group.
 */
import type { CountKey, CountRecord } from "../model/count.ts";
import type { Written } from "../model/pipeline.ts";
import type { SocketRecord } from "../model/record.ts";
import { diagnosticsOnly, type FinalStage, type StageContext } from "./stages.ts";
import { ndjsonLine } from "./ndjson.ts";
import { isoTime } from "./socket-event.ts";
import { recordListing, type SocketWriter } from "./socket-listing-records.ts";
import { formatTable, type Column } from "./table.ts";
import type { ListingRecord } from "../pipeline/socket-listing.ts";

type KeyValue = string | number | null;

/** Each key's value in a socket record, and its column header. */
const KEYS: { readonly [K in CountKey]: { readonly header: string; readonly of: (r: SocketRecord) => KeyValue } } = {
  proto: { header: "Proto", of: (r) => r.proto },
  family: { header: "Family", of: (r) => r.family },
  state: { header: "State", of: (r) => r.state },
  // A unix socket's local address is its path, as ss shows it.
  local_address: { header: "Local Address", of: (r) => (r.kind === "network" ? r.local_address : r.path) },
  local_port: { header: "Local Port", of: (r) => (r.kind === "network" ? r.local_port : null) },
  foreign_address: { header: "Foreign Address", of: (r) => (r.kind === "network" ? r.foreign_address : null) },
  foreign_port: { header: "Foreign Port", of: (r) => (r.kind === "network" ? r.foreign_port : null) },
  program: { header: "Program", of: (r) => r.program_name ?? null },
  pid: { header: "PID", of: (r) => r.pid ?? null },
  user: { header: "User", of: (r) => (r.kind === "network" ? r.user : null) },
  netns: { header: "Netns", of: (r) => r.netns ?? null },
  container: { header: "Container", of: (r) => r.container_id ?? null },
};

/** One group: its key values, in the order the keys were given, and how many sockets share them. */
export interface CountGroup {
  readonly values: readonly KeyValue[];
  count: number;
}

function compareValues(a: KeyValue, b: KeyValue): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/** Groups in their order: largest count first, then by key values left to right. Pure. */
export function sortGroups(groups: Iterable<CountGroup>, top: number | undefined): CountGroup[] {
  const sorted = [...groups].sort((x, y) => {
    if (x.count !== y.count) return y.count - x.count;
    for (let i = 0; i < x.values.length; i++) {
      const c = compareValues(x.values[i]!, y.values[i]!);
      if (c !== 0) return c;
    }
    return 0;
  });
  return top === undefined ? sorted : sorted.slice(0, top);
}

/** A group as its `count` record. */
export function countRecord(keys: readonly CountKey[], group: CountGroup): CountRecord {
  const record: Record<string, unknown> = { kind: "count", count: group.count };
  keys.forEach((key, i) => (record[key] = group.values[i]));
  return record as CountRecord;
}

/** The text and table columns: Count, then each key. */
function countColumns(keys: readonly CountKey[]): Column<CountGroup>[] {
  return [
    { header: "Count", cell: (g) => String(g.count), align: "right" },
    ...keys.map((key, i): Column<CountGroup> => ({
      header: KEYS[key].header,
      cell: (g) => (g.values[i] === null ? "-" : String(g.values[i])),
      ...(key === "state" ? { state: true } : {}),
    })),
  ];
}

/** Counts the records of a pass and writes the groups once it ends. */
function countWriter(ctx: StageContext): SocketWriter {
  const { options } = ctx;
  const keys = options.countBy ?? [];
  const readers = keys.map((k) => KEYS[k].of);
  const groups = new Map<string, CountGroup>();
  const repeated = options.continuous || options.watch;
  return {
    open: () => {},
    add(records) {
      for (const r of records) {
        const values = readers.map((of) => of(r));
        const id = JSON.stringify(values);
        const group = groups.get(id);
        if (group === undefined) groups.set(id, { values, count: 1 });
        else group.count++;
      }
      return [];
    },
    *end(): Iterable<Written> {
      const sorted = sortGroups(groups.values(), options.top);
      if (options.format === "json") {
        const stamp = repeated ? { ts: isoTime(ctx.now()) } : {};
        const text = sorted.map((g) => ndjsonLine({ ...countRecord(keys, g), ...stamp })).join("");
        if (text !== "") yield { stream: "stdout", text };
        return;
      }
      yield { stream: "stdout", text: formatTable(countColumns(keys), sorted, ctx.colour) + (repeated ? "\n" : "") };
    },
  };
}

/** `--count-by` in every format; `-g`'s memberships are not sockets and are not counted. */
export const socketCounts: FinalStage<ListingRecord> = recordListing(countWriter, diagnosticsOnly);
