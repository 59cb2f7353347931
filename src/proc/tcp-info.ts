/**
 * struct tcp_info (include/uapi/linux/tcp.h) and the other socket-diag
 * attributes `--tcp-info` reads, decoded from bytes: the attribute walk of
 * an inet_diag_msg, each tcp_info field by its kernel name, and the figures
 * ss 6.1 derives from them for `-i` (its units and its "not set" values).
 */
import type { TcpCounters } from "../model/event.ts";
import type { TcpInfo } from "../model/tcp-info.ts";

/** Attribute types after struct inet_diag_msg (linux/inet_diag.h). */
export const INET_DIAG = { MEMINFO: 1, INFO: 2, VEGASINFO: 3, CONG: 4, DCTCPINFO: 9, PROTOCOL: 10, BBRINFO: 16 } as const;
const INET_DIAG_MSG = 72;

/** One attribute's payload: where it starts and how many bytes it has. */
export interface Attribute {
  readonly at: number;
  readonly length: number;
}

/**
 * The attributes after the inet_diag_msg at `m`, by type, up to `end`, stopping at the first that
 * overruns it; `end` is where the well-formed ones end.
 */
export function diagAttributes(view: DataView, m: number, end: number): { readonly byType: ReadonlyMap<number, Attribute>; readonly end: number } {
  const byType = new Map<number, Attribute>();
  let last = m + INET_DIAG_MSG;
  for (let at = m + INET_DIAG_MSG; at + 4 <= end; ) {
    const length = view.getUint16(at, true);
    if (length < 4 || at + length > end) break;
    byType.set(view.getUint16(at + 2, true) & 0x3fff, { at: at + 4, length: length - 4 });
    last = at + length;
    at += (length + 3) & ~3;
  }
  return { byType, end: last };
}

/** Offsets and widths (1, 4 or 8 bytes) of struct tcp_info's fields, without `tcpi_`. */
export const TCP_INFO_LAYOUT = {
  state: [0, 1], ca_state: [1, 1], retransmits: [2, 1], probes: [3, 1], backoff: [4, 1], options: [5, 1],
  wscale: [6, 1], flags: [7, 1],
  rto: [8, 4], ato: [12, 4], snd_mss: [16, 4], rcv_mss: [20, 4], unacked: [24, 4], sacked: [28, 4], lost: [32, 4],
  retrans: [36, 4], fackets: [40, 4], last_data_sent: [44, 4], last_ack_sent: [48, 4], last_data_recv: [52, 4],
  last_ack_recv: [56, 4], pmtu: [60, 4], rcv_ssthresh: [64, 4], rtt: [68, 4], rttvar: [72, 4], snd_ssthresh: [76, 4],
  snd_cwnd: [80, 4], advmss: [84, 4], reordering: [88, 4], rcv_rtt: [92, 4], rcv_space: [96, 4], total_retrans: [100, 4],
  pacing_rate: [104, 8], max_pacing_rate: [112, 8], bytes_acked: [120, 8], bytes_received: [128, 8], segs_out: [136, 4],
  segs_in: [140, 4], notsent_bytes: [144, 4], min_rtt: [148, 4], data_segs_in: [152, 4], data_segs_out: [156, 4],
  delivery_rate: [160, 8], busy_time: [168, 8], rwnd_limited: [176, 8], sndbuf_limited: [184, 8], delivered: [192, 4],
  delivered_ce: [196, 4], bytes_sent: [200, 8], bytes_retrans: [208, 8], dsack_dups: [216, 4], reord_seen: [220, 4],
  rcv_ooopack: [224, 4], snd_wnd: [228, 4],
} as const satisfies Readonly<Record<string, readonly [number, 1 | 4 | 8]>>;

export type TcpInfoField = keyof typeof TCP_INFO_LAYOUT;

/** The all-ones u64 and u32 the kernel uses for "not known". */
const U64_MAX = 2 ** 64;
const U32_MAX = 0xffffffff;

/**
 * One field of the tcp_info payload of `length` bytes at `at`; undefined when the payload (from an
 * older kernel: tcp_info only grows at its end) does not reach it. A u64 is exact below 2^53;
 * above it (9 PB, or a rate of 9 PB/s) it is the nearest number, and all ones is 2^64.
 */
export function tcpInfoField(view: DataView, at: number, length: number, name: TcpInfoField): number | undefined {
  const [offset, width] = TCP_INFO_LAYOUT[name];
  if (offset + width > length) return undefined;
  if (width === 1) return view.getUint8(at + offset);
  if (width === 4) return view.getUint32(at + offset, true);
  return view.getUint32(at + offset + 4, true) * 0x1_0000_0000 + view.getUint32(at + offset, true);
}

/** Each counter a close (and `--top`'s reading) carries, by the tcp_info field it is read from. */
const TCP_COUNTER_FIELDS: readonly (readonly [keyof TcpCounters, TcpInfoField])[] = [
  ["rtt_us", "rtt"],
  ["rttvar_us", "rttvar"],
  ["total_retrans", "total_retrans"],
  ["bytes_acked", "bytes_acked"],
  ["bytes_received", "bytes_received"],
  ["segs_out", "segs_out"],
  ["segs_in", "segs_in"],
  ["min_rtt_us", "min_rtt"],
  ["data_segs_in", "data_segs_in"],
  ["data_segs_out", "data_segs_out"],
  ["delivery_rate", "delivery_rate"],
  ["busy_time_us", "busy_time"],
  ["bytes_sent", "bytes_sent"],
  ["bytes_retrans", "bytes_retrans"],
];

/** The byte and segment counters of a tcp_info payload; a field past the payload's end (an older kernel) is left out. */
export function tcpCountersOf(view: DataView, info: Attribute): TcpCounters {
  const counters: Partial<Record<keyof TcpCounters, number>> = {};
  for (const [name, field] of TCP_COUNTER_FIELDS) {
    const value = tcpInfoField(view, info.at, info.length, field);
    if (value !== undefined) counters[name] = value;
  }
  return counters;
}

/** Offsets of the three counters `--top` reads. */
const RATE_FIELDS = { rtt: TCP_INFO_LAYOUT.rtt[0], acked: TCP_INFO_LAYOUT.bytes_acked[0], received: TCP_INFO_LAYOUT.bytes_received[0] } as const;

function u64At(view: DataView, at: number): number {
  return view.getUint32(at + 4, true) * 0x1_0000_0000 + view.getUint32(at, true);
}

/**
 * The fast path of `--top`, which reads every socket each refresh: only the three counters the
 * live view shows (bytes received and acknowledged, the smoothed rtt), at their fixed offsets.
 */
export function tcpRateCountersOf(view: DataView, info: Attribute): TcpCounters {
  const { at, length } = info;
  if (length < RATE_FIELDS.received + 8) return length < RATE_FIELDS.rtt + 4 ? {} : { rtt_us: view.getUint32(at + RATE_FIELDS.rtt, true) };
  return { bytes_acked: u64At(view, at + RATE_FIELDS.acked), bytes_received: u64At(view, at + RATE_FIELDS.received), rtt_us: view.getUint32(at + RATE_FIELDS.rtt, true) };
}

/** Whether a tcp_info payload holds the counters `before` ({@linkcode tcpRateCountersOf}'s), read in place. */
export function sameRateCounters(view: DataView, info: Attribute, before: TcpCounters | undefined): boolean {
  const { at, length } = info;
  if (before === undefined || length < RATE_FIELDS.received + 8) return false;
  return (
    before.rtt_us === view.getUint32(at + RATE_FIELDS.rtt, true) &&
    before.bytes_acked === u64At(view, at + RATE_FIELDS.acked) &&
    before.bytes_received === u64At(view, at + RATE_FIELDS.received)
  );
}

/** TCPI_OPT_* bits of tcpi_options. */
const OPT = { timestamps: 1, sack: 2, wscale: 4, ecn: 8, ecnSeen: 16, synData: 32 } as const;

/** A socket's internals as ss `-i` derives them from its reply's attributes (`byType` from {@linkcode diagAttributes}). */
export function tcpInfoOf(view: DataView, byType: ReadonlyMap<number, Attribute>): TcpInfo | undefined {
  const info = byType.get(INET_DIAG.INFO);
  if (info === undefined) return undefined;
  // A shorter tcp_info (an older kernel) reads as zeros past its end, as ss zero-fills it.
  const f = (name: TcpInfoField): number => tcpInfoField(view, info.at, info.length, name) ?? 0;
  const options = f("options");
  const rtt = f("rtt");
  // Vegas keeps its own rtt estimate, which ss's `send` prefers.
  const vegas = byType.get(INET_DIAG.VEGASINFO);
  const vegasRtt = vegas !== undefined && vegas.length >= 16 && view.getUint32(vegas.at, true) !== 0 ? view.getUint32(vegas.at + 8, true) : 0;
  const sendRtt = vegasRtt !== 0 && vegasRtt !== 0x7fffffff ? vegasRtt : rtt;
  const [mss, cwnd] = [f("snd_mss"), f("snd_cwnd")];
  const pacing = f("pacing_rate");
  const pacingMax = f("max_pacing_rate");
  const minRtt = f("min_rtt");
  const rto = f("rto");
  const busy = f("busy_time");
  return {
    congestion: congestionOf(view, byType.get(INET_DIAG.CONG)),
    wscale: (options & OPT.wscale) !== 0 ? { snd: f("wscale") & 0xf, rcv: f("wscale") >> 4 } : null,
    ts: (options & OPT.timestamps) !== 0,
    sack: (options & OPT.sack) !== 0,
    ecn: (options & OPT.ecn) !== 0,
    ecnseen: (options & OPT.ecnSeen) !== 0,
    fastopen: (options & OPT.synData) !== 0,
    // ss treats the initial 3 s timeout as no rto at all.
    rto: rto !== 0 && rto !== 3_000_000 ? rto / 1000 : 0,
    backoff: f("backoff"),
    rtt: rtt / 1000,
    rttvar: f("rttvar") / 1000,
    ato: f("ato") / 1000,
    mss,
    pmtu: f("pmtu"),
    rcvmss: f("rcv_mss"),
    advmss: f("advmss"),
    cwnd,
    ssthresh: f("snd_ssthresh") < 0xffff ? f("snd_ssthresh") : null,
    bytes_sent: f("bytes_sent"),
    bytes_retrans: f("bytes_retrans"),
    bytes_acked: f("bytes_acked"),
    bytes_received: f("bytes_received"),
    segs_out: f("segs_out"),
    segs_in: f("segs_in"),
    data_segs_out: f("data_segs_out"),
    data_segs_in: f("data_segs_in"),
    send: sendRtt > 0 && mss !== 0 && cwnd !== 0 ? (cwnd * mss * 8_000_000) / sendRtt : 0,
    lastsnd: f("last_data_sent"),
    lastrcv: f("last_data_recv"),
    lastack: f("last_ack_recv"),
    pacing_rate: pacing !== 0 && pacing < U64_MAX ? pacing * 8 : 0,
    pacing_rate_max: pacing !== 0 && pacing < U64_MAX && pacingMax !== 0 && pacingMax < U64_MAX ? pacingMax * 8 : 0,
    delivery_rate: f("delivery_rate") * 8,
    delivered: f("delivered"),
    delivered_ce: f("delivered_ce"),
    app_limited: (f("flags") & 1) !== 0,
    busy: Math.floor(busy / 1000),
    rwnd_limited: Math.floor(f("rwnd_limited") / 1000),
    sndbuf_limited: Math.floor(f("sndbuf_limited") / 1000),
    rwnd_limited_share: busy === 0 ? 0 : (100 * f("rwnd_limited")) / busy,
    sndbuf_limited_share: busy === 0 ? 0 : (100 * f("sndbuf_limited")) / busy,
    unacked: f("unacked"),
    retrans: f("retrans"),
    retrans_total: f("total_retrans"),
    lost: f("lost"),
    sacked: f("sacked"),
    dsack_dups: f("dsack_dups"),
    fackets: f("fackets"),
    reordering: f("reordering"),
    reord_seen: f("reord_seen"),
    rcv_rtt: f("rcv_rtt") / 1000,
    rcv_space: f("rcv_space"),
    rcv_ssthresh: f("rcv_ssthresh"),
    notsent: f("notsent_bytes"),
    minrtt: minRtt !== 0 && minRtt !== U32_MAX ? minRtt / 1000 : 0,
    rcv_ooopack: f("rcv_ooopack"),
    snd_wnd: f("snd_wnd"),
    bbr: bbrOf(view, byType.get(INET_DIAG.BBRINFO)),
    dctcp: dctcpOf(view, byType.get(INET_DIAG.DCTCPINFO)),
    meminfo: memInfoOf(view, byType.get(INET_DIAG.MEMINFO)),
  };
}

/** struct tcp_bbr_info: bw_lo, bw_hi (bytes/s), min_rtt (µs), pacing_gain, cwnd_gain (<<8); a shorter one reads as zeros. */
function bbrOf(view: DataView, bbr: Attribute | undefined): TcpInfo["bbr"] {
  if (bbr === undefined) return null;
  const u = (i: number): number => (4 * i + 4 <= bbr.length ? view.getUint32(bbr.at + 4 * i, true) : 0);
  return { bw: (u(1) * 0x1_0000_0000 + u(0)) * 8, mrtt: u(2) / 1000, pacing_gain: u(3) / 256, cwnd_gain: u(4) / 256 };
}

/** struct tcp_dctcp_info: u16 enabled, u16 ce_state, u32 alpha, ab_ecn, ab_tot. */
function dctcpOf(view: DataView, dctcp: Attribute | undefined): TcpInfo["dctcp"] {
  if (dctcp === undefined || dctcp.length < 16) return null;
  return {
    enabled: view.getUint16(dctcp.at, true) !== 0,
    ce_state: view.getUint16(dctcp.at + 2, true),
    alpha: view.getUint32(dctcp.at + 4, true),
    ab_ecn: view.getUint32(dctcp.at + 8, true),
    ab_tot: view.getUint32(dctcp.at + 12, true),
  };
}

/** INET_DIAG_CONG: a NUL-terminated name, at most 15 characters as ss keeps it. */
function congestionOf(view: DataView, cong: Attribute | undefined): string | null {
  if (cong === undefined) return null;
  let name = "";
  for (let i = 0; i < cong.length && i < 15; i++) {
    const c = view.getUint8(cong.at + i);
    if (c === 0) break;
    name += String.fromCharCode(c);
  }
  return name;
}

/** INET_DIAG_MEMINFO: struct inet_diag_meminfo, four u32. */
function memInfoOf(view: DataView, mem: Attribute | undefined): TcpInfo["meminfo"] {
  if (mem === undefined || mem.length < 16) return null;
  const u = (i: number): number => view.getUint32(mem.at + 4 * i, true);
  return { rmem: u(0), wmem: u(1), fmem: u(2), tmem: u(3) };
}
