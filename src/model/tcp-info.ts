/**
 * `--tcp-info`: a TCP socket's internals from the kernel's socket-diag reply
 * (struct tcp_info in INET_DIAG_INFO, the congestion control's name in
 * INET_DIAG_CONG, the socket's memory in INET_DIAG_MEMINFO), under the names
 * `ss -ti` prints them with and in its units: times in milliseconds, rates
 * in bits per second, sizes in bytes, counts as counts. Every field is
 * present; the text line leaves out what ss leaves out (zeros, mostly).
 */
import * as v from "valibot";

const N = v.pipe(v.number(), v.minValue(0));
const Ms = v.pipe(v.number(), v.minValue(0));
const Bps = v.pipe(v.number(), v.minValue(0));

export const TcpInfoSchema = v.strictObject({
  /** The congestion control algorithm (`cubic`, `reno`, `bbr`, ...); null when the kernel did not say. */
  congestion: v.nullable(v.string()),
  /** Window scaling, sent and received; null when it was not negotiated. */
  wscale: v.nullable(v.strictObject({ snd: N, rcv: N })),
  /** TCP options negotiated (ss -o's `ts`, `sack`, `ecn`, `ecnseen`, `fastopen`). */
  ts: v.boolean(),
  sack: v.boolean(),
  ecn: v.boolean(),
  ecnseen: v.boolean(),
  fastopen: v.boolean(),
  rto: Ms,
  backoff: N,
  rtt: Ms,
  rttvar: Ms,
  ato: Ms,
  mss: N,
  pmtu: N,
  rcvmss: N,
  advmss: N,
  cwnd: N,
  /** null when the kernel's is "infinite" (65535 or more), as ss leaves it out. */
  ssthresh: v.nullable(N),
  bytes_sent: N,
  bytes_retrans: N,
  bytes_acked: N,
  bytes_received: N,
  segs_out: N,
  segs_in: N,
  data_segs_out: N,
  data_segs_in: N,
  /** cwnd * mss * 8 / rtt: ss's `send`, in bits per second (0 without an rtt). */
  send: Bps,
  lastsnd: Ms,
  lastrcv: Ms,
  lastack: Ms,
  pacing_rate: Bps,
  pacing_rate_max: Bps,
  delivery_rate: Bps,
  delivered: N,
  delivered_ce: N,
  app_limited: v.boolean(),
  /** Time busy sending, and limited by the receive window and the send buffer (ms). */
  busy: Ms,
  rwnd_limited: Ms,
  sndbuf_limited: Ms,
  /** The shares of the busy time limited by the receive window and the send buffer, in percent (0 when not busy). */
  rwnd_limited_share: v.pipe(v.number(), v.minValue(0)),
  sndbuf_limited_share: v.pipe(v.number(), v.minValue(0)),
  unacked: N,
  retrans: N,
  /** The retransmissions over the connection's life (ss's second `retrans:` figure). */
  retrans_total: N,
  lost: N,
  sacked: N,
  dsack_dups: N,
  fackets: N,
  reordering: N,
  reord_seen: N,
  rcv_rtt: Ms,
  rcv_space: N,
  rcv_ssthresh: N,
  notsent: N,
  minrtt: Ms,
  rcv_ooopack: N,
  snd_wnd: N,
  /** BBR's own figures (INET_DIAG_BBRINFO): bandwidth (bit/s), min rtt (ms), gains; null under other algorithms. */
  bbr: v.nullable(v.strictObject({ bw: Bps, mrtt: Ms, pacing_gain: N, cwnd_gain: N })),
  /** DCTCP's (INET_DIAG_DCTCPINFO); null under other algorithms. */
  dctcp: v.nullable(v.strictObject({ enabled: v.boolean(), ce_state: N, alpha: N, ab_ecn: N, ab_tot: N })),
  /** INET_DIAG_MEMINFO: receive queue, write queue, forward alloc and send memory in bytes; null when not given. */
  meminfo: v.nullable(v.strictObject({ rmem: N, wmem: N, fmem: N, tmem: N })),
});
export type TcpInfo = v.InferOutput<typeof TcpInfoSchema>;
