/**
 * `--summary`: the figures of ss's `-s`, from /proc/net/sockstat,
 * /proc/net/sockstat6 and the Tcp CurrEstab counter of /proc/net/snmp,
 * computed as ss 6.1 computes them (its C ints: "closed" can be negative).
 */
import * as v from "valibot";

const Int = v.pipe(v.number(), v.integer());

/** One row of ss's transport table: both families, IPv4, IPv6. */
export const SummaryRowSchema = v.strictObject({ total: Int, ip: Int, ipv6: Int });
export type SummaryRow = v.InferOutput<typeof SummaryRowSchema>;

/** One namespace's summary (`kind: "summary"`), under ss's words. */
export const SummaryRecordSchema = v.strictObject({
  kind: v.literal("summary"),
  /** ss's `Total:`: sockstat's `sockets: used`. */
  total: Int,
  /** ss's `TCP:` line. */
  tcp: v.strictObject({
    /** Allocated TCP sockets plus those in TIME-WAIT. */
    total: Int,
    /** /proc/net/snmp's Tcp CurrEstab. */
    estab: Int,
    /** Allocated TCP sockets that are not hashed (ss's `closed`). */
    closed: Int,
    orphaned: Int,
    timewait: Int,
  }),
  /** ss's transport table, row by row. */
  raw: SummaryRowSchema,
  udp: SummaryRowSchema,
  /** Hashed TCP sockets. */
  tcp_hashed: SummaryRowSchema,
  /** RAW, UDP and hashed TCP together. */
  inet: SummaryRowSchema,
  /** IP fragment queues. */
  frag: SummaryRowSchema,
  /** TCP memory in pages, from sockstat (ss does not print it). */
  tcp_memory_pages: Int,
  /** Whether /proc/net/sockstat6 was read (a kernel without IPv6 has none; its IPv6 figures are then 0). */
  ipv6: v.boolean(),
});
export type SummaryRecord = v.InferOutput<typeof SummaryRecordSchema>;
