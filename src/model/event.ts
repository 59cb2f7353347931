/**
 * A `--watch` event: a socket that opened, changed state or closed, with
 * the record that describes it, or a gap where events were lost. A close
 * comes from the kernel's socket-destroy notification when there is one
 * (with the closed TCP socket's counters), otherwise from the polls.
 */
import type { SocketRecord } from "./record.ts";

/** The counters of a closed TCP socket's tcp_info, under its names without `tcpi_`; a field the kernel's tcp_info is too short for is absent. */
export interface TcpCounters {
  readonly bytes_acked?: number;
  readonly bytes_received?: number;
  readonly bytes_sent?: number;
  readonly bytes_retrans?: number;
  readonly segs_in?: number;
  readonly segs_out?: number;
  readonly data_segs_in?: number;
  readonly data_segs_out?: number;
  readonly total_retrans?: number;
  readonly rtt_us?: number;
  readonly rttvar_us?: number;
  readonly min_rtt_us?: number;
  readonly delivery_rate?: number;
  readonly busy_time_us?: number;
}

/** The names of {@linkcode TcpCounters}, in the order records carry them. */
export const TCP_COUNTER_NAMES = [
  "bytes_acked",
  "bytes_received",
  "bytes_sent",
  "bytes_retrans",
  "segs_in",
  "segs_out",
  "data_segs_in",
  "data_segs_out",
  "total_retrans",
  "rtt_us",
  "rttvar_us",
  "min_rtt_us",
  "delivery_rate",
  "busy_time_us",
] as const satisfies readonly (keyof TcpCounters)[];

/** One change. For `close`, `record` is the last one seen, with the last owner seen. */
export type SocketEvent =
  /** `inferred`: no poll saw the socket; the kernel's close told of it, and this open comes just before that close. */
  | { readonly event: "open"; readonly at: number; readonly record: SocketRecord; readonly existing: boolean; readonly inferred?: true }
  | { readonly event: "state"; readonly at: number; readonly record: SocketRecord; readonly previousState: string | null }
  /**
   * `firstSeen` is null for a socket no poll saw; `lastSeen` is the last poll that saw it, or the
   * close itself when the kernel told (`source: "kernel"`, with TCP's `counters`).
   */
  | {
      readonly event: "close";
      readonly at: number;
      readonly record: SocketRecord;
      readonly firstSeen: number | null;
      readonly lastSeen: number;
      readonly source?: "kernel";
      readonly counters?: TcpCounters;
    }
  /** Events were lost here: `lost` kernel notifications (null when the count cannot be told), or lines a slow reader could not take. */
  | { readonly event: "gap"; readonly at: number; readonly lost: number | null; readonly cause: "kernel" | "reader" };

/** The events of one socket's life (every event but a gap). */
export type SocketChange = Exclude<SocketEvent, { readonly event: "gap" }>;
