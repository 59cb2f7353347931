/**
 * Metric families whose program labels hold what a kernel may hand over as a program name (byte
 * strings): quotes, backslashes, newlines, control bytes, UTF-8 and bytes that are not UTF-8,
 * each with the value a parser must read back. One family of each type.
 */
import type { MetricFamily } from "../../src/format/exposition.ts";

const bytes = (hex: string): string => Buffer.from(hex.replace(/ /g, ""), "hex").toString("latin1");
const utf8 = (text: string): string => Buffer.from(text, "utf8").toString("latin1");

/** Program names as the kernel may hold them (byte strings), each with the value a parser must read back. */
export const hostile = [
  { name: "quote", program: 'say"hi"', reads: 'say"hi"' },
  { name: "backslash", program: "a\\b\\\\c", reads: "a\\b\\\\c" },
  { name: "newline", program: "two\nlines", reads: "two\nlines" },
  { name: "all three", program: '\\"\n', reads: '\\"\n' },
  { name: "utf8", program: utf8("josé😀"), reads: "josé😀" },
  { name: "escape", program: "red\x1b[31m", reads: "red\ufffd[31m" },
  { name: "controls", program: "\x01\t\r\x7f", reads: "\ufffd\ufffd\ufffd\ufffd" },
  { name: "not utf8", program: bytes("63 61 66 e9 ff"), reads: "caf\ufffd\ufffd" },
  { name: "c1", program: utf8("x\u009by"), reads: "x\ufffdy" },
] as const;

/** The families, every series labelled with one hostile name. */
export function hostileFamilies(): MetricFamily[] {
  return [
    {
      name: "netstat_listening_sockets",
      type: "gauge",
      help: 'Listeners \\ with "quotes"\nand a newline.',
      labelNames: ["proto", "program"],
      samples: hostile.map((h) => ({ labels: { proto: "tcp", program: h.program }, value: 1 })),
    },
    {
      name: "netstat_connections_opened",
      type: "counter",
      help: "Opened.",
      labelNames: ["program"],
      samples: hostile.map((h, i) => ({ labels: { program: h.program }, value: i })),
    },
    { name: "netstat_Tcp_ActiveOpens", type: "untyped", help: "A kernel counter.", labelNames: [], samples: [{ labels: {}, value: (1n << 64n) - 1n }] },
    {
      name: "netstat_connection_duration_seconds",
      type: "histogram",
      help: "Lifetimes.",
      labelNames: ["program"],
      samples: hostile.map((h) => ({ labels: { program: h.program }, buckets: [{ le: 0.5, count: 1 }, { le: 10, count: 2 }], sum: 7.25, count: 3 })),
    },
    { name: "netstat_scrape_duration_seconds", type: "gauge", help: "Seconds.", labelNames: [], samples: [{ labels: {}, value: 0.000125 }] },
  ];
}

