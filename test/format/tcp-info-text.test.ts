import { describe, expect, test } from "bun:test";
import { rateText, tcpInfoLine } from "../../src/format/tcp-info-text.ts";
import type { TcpInfo } from "../../src/model/tcp-info.ts";

/** An idle socket with nothing ss would print but the defaults it leaves out. */
const quiet: TcpInfo = {
  congestion: null, wscale: null, ts: false, sack: false, ecn: false, ecnseen: false, fastopen: false,
  rto: 0, backoff: 0, rtt: 0, rttvar: 0, ato: 0, mss: 0, pmtu: 0, rcvmss: 0, advmss: 0, cwnd: 0, ssthresh: null,
  bytes_sent: 0, bytes_retrans: 0, bytes_acked: 0, bytes_received: 0, segs_out: 0, segs_in: 0, data_segs_out: 0, data_segs_in: 0,
  send: 0, lastsnd: 0, lastrcv: 0, lastack: 0, pacing_rate: 0, pacing_rate_max: 0, delivery_rate: 0, delivered: 0, delivered_ce: 0,
  app_limited: false, busy: 0, rwnd_limited: 0, sndbuf_limited: 0, rwnd_limited_share: 0, sndbuf_limited_share: 0, unacked: 0, retrans: 0, retrans_total: 0, lost: 0, sacked: 0,
  dsack_dups: 0, fackets: 0, reordering: 3, reord_seen: 0, rcv_rtt: 0, rcv_space: 0, rcv_ssthresh: 0, notsent: 0, minrtt: 0,
  rcv_ooopack: 0, snd_wnd: 0, bbr: null, dctcp: null, meminfo: null,
};

describe("tcpInfoLine", () => {
  const cases: readonly { name: string; info: Partial<TcpInfo>; state?: string; want: string }[] = [
    { name: "prints a tab alone for a socket with nothing to show", info: {}, want: "\t" },
    { name: "leaves out reordering at its default of 3 and prints any other", info: { reordering: 7 }, want: "\t reordering:7" },
    { name: "prints rtt with its variance", info: { rtt: 0.025, rttvar: 0.008 }, want: "\t rtt:0.025/0.008" },
    { name: "prints retransmits when only the total is set", info: { retrans_total: 2 }, want: "\t retrans:0/2" },
    { name: "hides sacked on a listener", info: { sacked: 128 }, state: "LISTEN", want: "\t" },
    { name: "prints sacked on a connection", info: { sacked: 4 }, state: "ESTABLISHED", want: "\t sacked:4" },
    { name: "puts bbr's figures before send", info: { bbr: { bw: 8000, mrtt: 0.02, pacing_gain: 2.88672, cwnd_gain: 0 }, send: 1e9 }, want: "\t bbr:(bw:8kbps,mrtt:0.02,pacing_gain:2.88672) send 1Gbps" },
    { name: "prints busy time with the share limited by the window", info: { busy: 200, rwnd_limited: 50, rwnd_limited_share: 25.04 }, want: "\t busy:200ms rwnd_limited:50ms(25.0%)" },
    { name: "prints congestion and window scaling first", info: { congestion: "cubic", wscale: { snd: 7, rcv: 9 }, cwnd: 10 }, want: "\t cubic wscale:7,9 cwnd:10" },
  ];
  for (const c of cases) test(`tcpInfoLine ${c.name}`, () => expect(tcpInfoLine({ ...quiet, ...c.info }, c.state ?? "ESTABLISHED", false)).toBe(c.want));
});

describe("rateText", () => {
  const cases: readonly [number, boolean, string][] = [
    [287904345936, false, "288G"],
    [287904345936, true, "287904345936"],
    [1500, false, "1.5k"],
    [999, false, "999"],
    [2.5e12, false, "2.5T"],
  ];
  for (const [bps, numeric, want] of cases) test(`rateText writes ${bps} bit/s as ${want}${numeric ? " under -n" : ""}`, () => expect(rateText(bps, numeric)).toBe(want));
});
