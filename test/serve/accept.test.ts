/** negotiate: the Accept header's media ranges and q-values choose between text 0.0.4 and OpenMetrics 1.0.0. */
import { expect, test } from "bun:test";
import { mediaRanges, negotiate } from "../../src/serve/accept.ts";
import { PROMETHEUS_242_ACCEPT } from "../_support/prometheus-netns.ts";

/** What Prometheus 2.42 sends; the Prometheus test checks it from the wire. */
const prometheus242 = PROMETHEUS_242_ACCEPT;

const cases: readonly { readonly name: string; readonly accept: string | null; readonly want: "text" | "openmetrics" }[] = [
  { name: "Prometheus 2.42's header asks for OpenMetrics first", accept: prometheus242, want: "openmetrics" },
  { name: "no header gives text", accept: null, want: "text" },
  { name: "*/* gives text", accept: "*/*", want: "text" },
  { name: "text preferred by q", accept: "application/openmetrics-text;q=0.2, text/plain;q=0.9", want: "text" },
  { name: "OpenMetrics preferred by q, whatever the order", accept: "text/plain;version=0.0.4;q=0.5,application/openmetrics-text; version=1.0.0", want: "openmetrics" },
  { name: "a tie goes to text", accept: "application/openmetrics-text, text/plain", want: "text" },
  { name: "q=0 refuses OpenMetrics", accept: "application/openmetrics-text;q=0", want: "text" },
  { name: "an unknown OpenMetrics version is not OpenMetrics 1.0", accept: "application/openmetrics-text;version=2.0.0", want: "text" },
  { name: "type names are case-insensitive", accept: "Application/OpenMetrics-Text;Version=1.0.0", want: "openmetrics" },
  { name: "a malformed q leaves its range out", accept: "application/openmetrics-text;q=high", want: "text" },
  { name: "protobuf alone gives text", accept: "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited", want: "text" },
];

for (const c of cases) test(`negotiate: ${c.name}`, () => expect(negotiate(c.accept)).toBe(c.want));

test("mediaRanges reads parameters and q, leaving out garbage", () => {
  const ranges = mediaRanges('text/plain; version="0.0.4"; q=0.5, garbage, */*;q=0.1');
  expect(ranges.map((r) => [r.type, r.params.get("version"), r.q])).toEqual([
    ["text/plain", "0.0.4", 0.5],
    ["*/*", undefined, 0.1],
  ]);
});
