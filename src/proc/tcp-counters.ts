/**
 * The byte and segment counters of a struct tcp_info (include/uapi/linux/tcp.h), as the
 * kernel sends it in an INET_DIAG_INFO attribute: in a socket-destroy notification
 * (src/proc/sock-destroy.ts) and in a dump that asks for it (src/proc/inet-diag.ts).
 */
import type { TcpCounters } from "../model/event.ts";

/**
 * Offsets and widths (4 or 8 bytes) in struct tcp_info (include/uapi/linux/tcp.h). tcp_info
 * only grows at its end, so a field is there when the attribute's payload reaches past it.
 */
const TCP_INFO_FIELDS: readonly (readonly [keyof TcpCounters, number, 4 | 8])[] = [
  ["rtt_us", 68, 4],
  ["rttvar_us", 72, 4],
  ["total_retrans", 100, 4],
  ["bytes_acked", 120, 8],
  ["bytes_received", 128, 8],
  ["segs_out", 136, 4],
  ["segs_in", 140, 4],
  ["min_rtt_us", 148, 4],
  ["data_segs_in", 152, 4],
  ["data_segs_out", 156, 4],
  ["delivery_rate", 160, 8],
  ["busy_time_us", 168, 8],
  ["bytes_sent", 200, 8],
  ["bytes_retrans", 208, 8],
];

/**
 * The counters in a tcp_info payload of `length` bytes at `at`. A u64 is exact below 2^53; above
 * it (9 PB, or a rate of 9 PB/s: not seen in practice) it is the nearest number, rounded once.
 */
export function countersOf(view: DataView, at: number, length: number): TcpCounters {
  const counters: Partial<Record<keyof TcpCounters, number>> = {};
  for (const [name, offset, width] of TCP_INFO_FIELDS) {
    if (offset + width > length) continue;
    counters[name] =
      width === 4 ? view.getUint32(at + offset, true) : view.getUint32(at + offset + 4, true) * 0x1_0000_0000 + view.getUint32(at + offset, true);
  }
  return counters;
}
