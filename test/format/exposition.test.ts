import { describe, expect, test } from "bun:test";
import { renderExposition, type ExpositionFormat } from "../../src/format/exposition.ts";
import { hostile, hostileFamilies as families } from "../_support/hostile-families.ts";
import { PROMTOOL, PYTHON_CLIENT, promtoolCheck, pythonParse } from "../_support/exposition-oracles.ts";

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
