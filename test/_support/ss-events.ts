/**
 * Reads what `ss -E -t -u -i -e -n -H` (iproute2) prints for socket-destroy notifications: per
 * socket a line `NETID STATE RECV-Q SEND-Q LOCAL PEER ino:0 sk:COOKIE`, and for TCP a second line,
 * indented with a tab, of its tcp_info as `key:value` and `key value` words. The oracle of the
 * destroy decoder's tests.
 */
import type { Destroyed } from "../../src/proc/sock-destroy.ts";

/** One socket as ss printed it. */
export interface SsEvent {
  readonly netid: string;
  readonly state: string;
  readonly recvQ: number;
  readonly sendQ: number;
  readonly local: { readonly address: string; readonly port: number };
  readonly peer: { readonly address: string; readonly port: number };
  /** sk:, the socket cookie (ss prints it in hex). */
  readonly cookie: number;
  /** The tcp_info words: `bytes_sent:1000` as bytes_sent → "1000", `delivery_rate 8bps` as delivery_rate → "8bps". */
  readonly info: ReadonlyMap<string, string>;
}

/** ss's address:port, with `*` for port 0 and for the IPv6 unspecified address (ss prints IPv4's as 0.0.0.0). */
function endpoint(text: string): { address: string; port: number } {
  const colon = text.lastIndexOf(":");
  const host = text.slice(0, colon);
  const port = text.slice(colon + 1);
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  return { address: bare === "*" ? "::" : bare, port: port === "*" ? 0 : Number(port) };
}

/** Words of a tcp_info line: `k:v`, and `k v` for the words ss prints that way (send, pacing_rate, delivery_rate). */
function infoWords(line: string): Map<string, string> {
  const words = line.trim().split(/\s+/);
  const info = new Map<string, string>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const colon = word.indexOf(":");
    if (colon > 0) info.set(word.slice(0, colon), word.slice(colon + 1));
    else if (i + 1 < words.length && /^[0-9.]+[a-zA-Z]*bps$/.test(words[i + 1]!)) info.set(word, words[++i]!);
    else info.set(word, "");
  }
  return info;
}

/** The sockets in ss -E's output. */
export function parseSsEvents(text: string): SsEvent[] {
  const events: SsEvent[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "" || line.startsWith("\t")) continue;
    const f = line.trim().split(/\s+/);
    const sk = f.find((w) => w.startsWith("sk:"));
    if (f.length < 6 || sk === undefined) throw new Error(`Cannot read ss line ${i + 1}: ${line}`);
    const next = lines[i + 1];
    events.push({
      netid: f[0]!,
      state: f[1]!,
      recvQ: Number(f[2]),
      sendQ: Number(f[3]),
      local: endpoint(f[4]!),
      peer: endpoint(f[5]!),
      cookie: Number.parseInt(sk.slice(3), 16),
      info: next !== undefined && next.startsWith("\t") ? infoWords(next) : new Map(),
    });
  }
  return events;
}

/** ss's state names by the kernel's state number. */
const SS_STATES = ["UNKNOWN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT", "UNCONN", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING"];

/** C's printf %g (six significant digits, trailing zeros dropped). */
function printfG(x: number): string {
  if (x === 0) return "0";
  const exponent = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(6)))));
  const trim = (s: string): string => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
  if (exponent < -4 || exponent >= 6) {
    const [mantissa, e] = x.toExponential(5).split("e");
    const power = Number(e);
    return `${trim(mantissa!)}e${power < 0 ? "-" : "+"}${String(Math.abs(power)).padStart(2, "0")}`;
  }
  return trim(x.toFixed(Math.max(0, 5 - exponent)));
}

/** The tcp_info words ss prints for the counters the decoder gives, by ss's rules (a zero is not printed). */
const SS_WORDS = ["bytes_sent", "bytes_retrans", "bytes_acked", "bytes_received", "segs_out", "segs_in", "data_segs_out", "data_segs_in", "rtt", "minrtt", "delivery_rate", "busy", "retrans_total"] as const;

/** What a socket looks like as ss prints it: the view of the oracle's output that the decoder's records are compared with. */
export type SsView = Omit<SsEvent, "info"> & { readonly words: Readonly<Record<string, string>> };

/** The part of ss's output for one socket that the decoder's record can be compared with. */
export function ssView(e: SsEvent): SsView {
  const words: Record<string, string> = {};
  for (const word of SS_WORDS) {
    const value = word === "retrans_total" ? e.info.get("retrans")?.split("/")[1] : e.info.get(word);
    if (value !== undefined) words[word] = value;
  }
  return { netid: e.netid, state: e.state, recvQ: e.recvQ, sendQ: e.sendQ, local: e.local, peer: e.peer, cookie: e.cookie, words };
}

/** A destroy notification as ss would print it, by ss's rules (misc/ss.c tcp_show_info, tcp_stats_print). */
export function asSsPrints(d: Destroyed): SsView {
  const s = d.socket;
  // Counters by name, for the table of words below.
  const c: Readonly<Record<string, number | undefined>> = { ...d.counters };
  const words: Record<string, string> = {};
  const put = (word: string, value: number | undefined, text = (v: number): string => String(v)): void => {
    if (value !== undefined && value !== 0) words[word] = text(value);
  };
  for (const name of ["bytes_sent", "bytes_retrans", "bytes_acked", "bytes_received", "segs_out", "segs_in", "data_segs_out", "data_segs_in"]) put(name, c[name]);
  if (c["rtt_us"] !== undefined && c["rtt_us"] !== 0) words["rtt"] = `${printfG(c["rtt_us"] / 1000)}/${printfG((c["rttvar_us"] ?? 0) / 1000)}`;
  if (c["min_rtt_us"] !== 0xffffffff) put("minrtt", c["min_rtt_us"], (v) => printfG(v / 1000));
  put("delivery_rate", c["delivery_rate"], (v) => `${(v * 8).toFixed(0)}bps`);
  put("busy", c["busy_time_us"], (v) => `${Math.floor(v / 1000)}ms`);
  put("retrans_total", c["total_retrans"]);
  return {
    netid: s.proto,
    state: SS_STATES[s.state] ?? "UNKNOWN",
    recvQ: s.rxQueue | 0,
    sendQ: s.txQueue | 0,
    local: { address: s.localAddress, port: s.localPort },
    peer: { address: s.remoteAddress, port: s.remotePort },
    cookie: d.cookie,
    words,
  };
}
