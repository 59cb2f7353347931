import { describe, expect, test } from "bun:test";
import { renderExposition, type ExpositionFormat, type MetricFamily } from "../../src/format/exposition.ts";
import { PROMTOOL, PYTHON_CLIENT, promtoolCheck, pythonParse } from "../_support/exposition-oracles.ts";

const bytes = (hex: string): string => Buffer.from(hex.replace(/ /g, ""), "hex").toString("latin1");
const utf8 = (text: string): string => Buffer.from(text, "utf8").toString("latin1");

/** Program names as the kernel may hold them (byte strings), each with the value a parser must read back. */
const hostile = [
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

function families(): MetricFamily[] {
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

const FORMATS: readonly ExpositionFormat[] = ["text", "openmetrics"];

describe("renderExposition", () => {
  test.skipIf(PROMTOOL === undefined)("renderExposition text with hostile program names passes promtool check metrics with no lint message but node_exporter's camelCase", () => {
    const check = promtoolCheck(renderExposition(families(), "text"));
    // The protocol counters keep node_exporter's names (netstat_Tcp_ActiveOpens), which promtool's linter calls camelCase.
    expect(check.messages).toEqual(["netstat_Tcp_ActiveOpens metric names should be written in 'snake_case' not 'camelCase'"]);
    expect(check.code).toBe(3);
    const snake = families().filter((f) => f.name !== "netstat_Tcp_ActiveOpens");
    expect(promtoolCheck(renderExposition(snake, "text"))).toEqual({ code: 0, messages: [] });
  });

  for (const format of FORMATS) {
    test.skipIf(!PYTHON_CLIENT)(`renderExposition ${format} gives every hostile program name back to the Python client's ${format} parser`, () => {
      const parsed = pythonParse(renderExposition(families(), format), format);
      const listeners = parsed.filter((s) => s.family === "netstat_listening_sockets");
      expect(listeners.map((s) => s.labels["program"])).toEqual(hostile.map((h) => h.reads));
      const opened = parsed.filter((s) => s.family === "netstat_connections_opened");
      expect(opened.map((s) => s.name)).toEqual(hostile.map(() => "netstat_connections_opened_total"));
      expect(opened.map((s) => s.type)).toEqual(hostile.map(() => "counter"));
      const big = parsed.find((s) => s.name === "netstat_Tcp_ActiveOpens");
      // The client reads an untyped family as OpenMetrics' unknown in either format.
      expect(big?.type).toBe("unknown");
      expect(big?.value).toBe(2 ** 64);
      const buckets = parsed.filter((s) => s.name === "netstat_connection_duration_seconds_bucket" && s.labels["program"] === "say\"hi\"");
      expect(buckets.map((s) => [s.labels["le"] === "+Inf" ? Infinity : Number(s.labels["le"]), s.value])).toEqual([
        [0.5, 1],
        [10, 2],
        [Infinity, 3],
      ]);
    });
  }

  test("renderExposition ends OpenMetrics with # EOF and the text format without it", () => {
    expect(renderExposition(families(), "openmetrics").endsWith("\n# EOF\n")).toBe(true);
    expect(renderExposition(families(), "text")).not.toContain("# EOF");
    expect(renderExposition([], "openmetrics")).toBe("# EOF\n");
  });

  test("renderExposition writes no timestamps", () => {
    for (const format of FORMATS) {
      for (const line of renderExposition(families(), format).split("\n")) {
        if (line === "" || line.startsWith("#")) continue;
        expect(line.slice(line.lastIndexOf("}") + 1).trim().split(" ")).toHaveLength(line.includes("}") ? 1 : 2);
      }
    }
  });
});
