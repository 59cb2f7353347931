/**
 * `--tcp-info` as ss 6.1's `-i` line prints it (tcp_stats_print): a tab,
 * then each figure ss shows, in its order and words, each after a space;
 * zeros and "not set" values left out as ss leaves them out. Rates are
 * ss's: exact bits per second under `-n`, else three digits with k, M, G
 * or T. ss -o's option words (ts, sack, ...) are not part of -i's line.
 * Pure.
 */
import type { TcpInfo } from "../model/tcp-info.ts";
import { general } from "./_printf.ts";

/** ss's sprint_bw: a rate in bits per second. */
export function rateText(bps: number, numeric: boolean): string {
  if (numeric) return bps.toFixed(0);
  for (const [scale, unit] of [[1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"]] as const) if (bps >= scale) return `${general(bps / scale, 3)}${unit}`;
  return general(bps);
}

const TCP_LISTEN = "LISTEN";

/**
 * The `-i` line of one TCP socket in state `state` (as netstat names it), newline not included;
 * `options` adds the option words ss's `-o` and `-e` put first.
 */
export function tcpInfoLine(t: TcpInfo, state: string | null, numeric: boolean, options = false): string {
  const out: string[] = [];
  if (options) for (const word of ["ts", "sack", "ecn", "ecnseen", "fastopen"] as const) if (t[word]) out.push(word);
  const bw = (bps: number): string => `${rateText(bps, numeric)}bps`;
  const when = (shown: boolean | number, text: () => string): void => {
    if (shown !== false && shown !== 0) out.push(text());
  };
  when(t.congestion !== null && t.congestion !== "", () => t.congestion!);
  when(t.wscale !== null, () => `wscale:${t.wscale!.snd},${t.wscale!.rcv}`);
  when(t.rto, () => `rto:${general(t.rto)}`);
  when(t.backoff, () => `backoff:${t.backoff}`);
  when(t.rtt, () => `rtt:${general(t.rtt)}/${general(t.rttvar)}`);
  when(t.ato, () => `ato:${general(t.ato)}`);
  when(t.mss, () => `mss:${t.mss}`);
  when(t.pmtu, () => `pmtu:${t.pmtu}`);
  when(t.rcvmss, () => `rcvmss:${t.rcvmss}`);
  when(t.advmss, () => `advmss:${t.advmss}`);
  when(t.cwnd, () => `cwnd:${t.cwnd}`);
  when(t.ssthresh ?? 0, () => `ssthresh:${t.ssthresh}`);
  for (const key of ["bytes_sent", "bytes_retrans", "bytes_acked", "bytes_received", "segs_out", "segs_in", "data_segs_out", "data_segs_in"] as const) {
    when(t[key], () => `${key}:${t[key]}`);
  }
  const { dctcp, bbr } = t;
  if (dctcp !== null) out.push(dctcp.enabled ? `dctcp:(ce_state:${dctcp.ce_state},alpha:${dctcp.alpha},ab_ecn:${dctcp.ab_ecn},ab_tot:${dctcp.ab_tot})` : "dctcp:fallback_mode");
  if (bbr !== null) {
    const gains = `${bbr.pacing_gain !== 0 ? `,pacing_gain:${general(bbr.pacing_gain)}` : ""}${bbr.cwnd_gain !== 0 ? `,cwnd_gain:${general(bbr.cwnd_gain)}` : ""}`;
    out.push(`bbr:(bw:${bw(bbr.bw)},mrtt:${general(bbr.mrtt)}${gains})`);
  }
  when(t.send, () => `send ${bw(t.send)}`);
  when(t.lastsnd, () => `lastsnd:${t.lastsnd}`);
  when(t.lastrcv, () => `lastrcv:${t.lastrcv}`);
  when(t.lastack, () => `lastack:${t.lastack}`);
  when(t.pacing_rate, () => `pacing_rate ${bw(t.pacing_rate)}${t.pacing_rate_max !== 0 ? `/${bw(t.pacing_rate_max)}` : ""}`);
  when(t.delivery_rate, () => `delivery_rate ${bw(t.delivery_rate)}`);
  when(t.delivered, () => `delivered:${t.delivered}`);
  when(t.delivered_ce, () => `delivered_ce:${t.delivered_ce}`);
  when(t.app_limited, () => "app_limited");
  if (t.busy !== 0) {
    out.push(`busy:${t.busy}ms`);
    when(t.rwnd_limited, () => `rwnd_limited:${t.rwnd_limited}ms(${t.rwnd_limited_share.toFixed(1)}%)`);
    when(t.sndbuf_limited, () => `sndbuf_limited:${t.sndbuf_limited}ms(${t.sndbuf_limited_share.toFixed(1)}%)`);
  }
  when(t.unacked, () => `unacked:${t.unacked}`);
  when(t.retrans !== 0 || t.retrans_total !== 0, () => `retrans:${t.retrans}/${t.retrans_total}`);
  when(t.lost, () => `lost:${t.lost}`);
  when(t.sacked !== 0 && state !== TCP_LISTEN, () => `sacked:${t.sacked}`);
  when(t.dsack_dups, () => `dsack_dups:${t.dsack_dups}`);
  when(t.fackets, () => `fackets:${t.fackets}`);
  when(t.reordering !== 3, () => `reordering:${t.reordering}`);
  when(t.reord_seen, () => `reord_seen:${t.reord_seen}`);
  when(t.rcv_rtt, () => `rcv_rtt:${general(t.rcv_rtt)}`);
  when(t.rcv_space, () => `rcv_space:${t.rcv_space}`);
  when(t.rcv_ssthresh, () => `rcv_ssthresh:${t.rcv_ssthresh}`);
  when(t.notsent, () => `notsent:${t.notsent}`);
  when(t.minrtt, () => `minrtt:${general(t.minrtt)}`);
  when(t.rcv_ooopack, () => `rcv_ooopack:${t.rcv_ooopack}`);
  when(t.snd_wnd, () => `snd_wnd:${t.snd_wnd}`);
  return `\t${out.map((w) => ` ${w}`).join("")}`;
}
