/**
 * A `--watch` event: a socket that opened, changed state or closed between
 * two polls, with the record that describes it.
 */
import type { SocketRecord } from "./record.ts";

/** One change. For `close`, `record` is the last one seen, with the last owner seen. */
export type SocketEvent =
  | { readonly event: "open"; readonly at: number; readonly record: SocketRecord; readonly existing: boolean }
  | { readonly event: "state"; readonly at: number; readonly record: SocketRecord; readonly previousState: string | null }
  | { readonly event: "close"; readonly at: number; readonly record: SocketRecord; readonly firstSeen: number; readonly lastSeen: number };
