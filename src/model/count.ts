/**
 * `--count-by`: the keys sockets can be grouped by, and the `count` record
 * each group becomes. A key's value is the socket record's field of the same
 * meaning (as the options name it: a service name unless -n), null where the
 * socket has none (a unix socket's ports, an owner not looked up).
 */
import * as v from "valibot";
import { TimestampSchema } from "./record.ts";

/** The keys, in the order `--help` lists them. */
export const COUNT_KEYS = [
  "proto", "family", "state", "local_address", "local_port", "foreign_address", "foreign_port",
  "program", "pid", "user", "netns", "container",
] as const;

export const CountKeySchema = v.picklist(COUNT_KEYS);
export type CountKey = v.InferOutput<typeof CountKeySchema>;

/** Whether counting by these keys needs the sockets' owners (`-p`'s lookup). */
export function countNeedsOwners(keys: readonly CountKey[] | undefined): boolean {
  return keys !== undefined && keys.some((k) => k === "program" || k === "pid");
}

const Text = v.optional(v.nullable(v.string()));
const Number_ = v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))));

/** One group of `--count-by`: how many of the selected sockets share these key values; only the keys asked for are present. */
export const CountRecordSchema = v.strictObject({
  kind: v.literal("count"),
  count: v.pipe(v.number(), v.integer(), v.minValue(1)),
  proto: Text,
  family: Text,
  state: Text,
  local_address: Text,
  local_port: Text,
  foreign_address: Text,
  foreign_port: Text,
  /** The program name, as `-p` shows it. */
  program: Text,
  pid: Number_,
  user: Text,
  /** The network namespace's inode (null without a namespace option). */
  netns: Number_,
  /** The container id of the namespace (null outside a container or without a namespace option). */
  container: Text,
  /** The pass's time, under `-c` and `--watch`. */
  ts: v.optional(TimestampSchema),
});
export type CountRecord = v.InferOutput<typeof CountRecordSchema>;
