/**
 * Both expositions as a real Prometheus (Debian's 2.42) reads them: two loopback servers, one
 * answering OpenMetrics when the scrape's Accept header asks for it (Prometheus asks for it
 * first), one always answering the text format, each serving the hostile families. Prometheus
 * must scrape both with no error and store every series, with the hostile program names as the
 * label values the formats carry.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { EXPOSITION_CONTENT_TYPES, renderExposition, type ExpositionFormat } from "../../src/format/exposition.ts";
import { hostile, hostileFamilies } from "../_support/hostile-families.ts";
import { PROMETHEUS, startPrometheus, type RunningPrometheus, type TargetState } from "../_support/prometheus.ts";

const OPENMETRICS = "application/openmetrics-text";

interface Server {
  readonly address: string;
  readonly served: ExpositionFormat[];
  readonly accepts: string[];
  stop(): void;
}

/** A /metrics server: OpenMetrics when asked for it and `negotiates`, else the text format. */
function serve(negotiates: boolean): Server {
  const served: ExpositionFormat[] = [];
  const accepts: string[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      const accept = req.headers.get("accept") ?? "";
      accepts.push(accept);
      const format: ExpositionFormat = negotiates && accept.includes(OPENMETRICS) ? "openmetrics" : "text";
      served.push(format);
      return new Response(renderExposition(hostileFamilies(), format), { headers: { "content-type": EXPOSITION_CONTENT_TYPES[format] } });
    },
  });
  return { address: `127.0.0.1:${server.port}`, served, accepts, stop: () => void server.stop(true) };
}

describe.skipIf(PROMETHEUS === undefined)("a real Prometheus scraping the expositions", () => {
  let om: Server | undefined;
  let text: Server | undefined;
  let prometheus: RunningPrometheus | undefined;
  let targets: ReadonlyMap<string, TargetState> = new Map();

  beforeAll(async () => {
    om = serve(true);
    text = serve(false);
    prometheus = await startPrometheus([om.address, text.address]);
    targets = await prometheus.targetsScraped(30_000);
    // Two scrapes at least, so that a query sees settled samples.
    for (let i = 0; i < 50 && (om.served.length < 2 || text.served.length < 2); i++) await Bun.sleep(100);
  }, 40_000);

  afterAll(async () => {
    await prometheus?.stop();
    om?.stop();
    text?.stop();
  }, 20_000);

  test("Prometheus asks for OpenMetrics first and scrapes both formats with no error", () => {
    expect(om!.accepts[0]?.split(",")[0]).toStartWith(OPENMETRICS);
    expect(om!.served).toContain("openmetrics");
    expect(text!.served.every((f) => f === "text")).toBe(true);
    expect(targets.get(om!.address)).toEqual({ health: "up", lastError: "" });
    expect(targets.get(text!.address)).toEqual({ health: "up", lastError: "" });
  });

  for (const format of ["openmetrics", "text"] as const) {
    test(`Prometheus stores every hostile program name of the ${format} exposition as the label value the format carries`, async () => {
      const instance = (format === "openmetrics" ? om : text)!.address;
      const listeners = await prometheus!.query(`netstat_listening_sockets{instance="${instance}"}`);
      expect(listeners.map((r) => r.metric["program"]).sort()).toEqual(hostile.map((h) => h.reads).sort());
      const opened = await prometheus!.query(`netstat_connections_opened_total{instance="${instance}"}`);
      expect(opened.map((r) => r.value).sort((a, b) => a - b)).toEqual(hostile.map((_, i) => i));
      const buckets = await prometheus!.query(`count by (le) (netstat_connection_duration_seconds_bucket{instance="${instance}"})`);
      expect(buckets.map((r) => Number(r.metric["le"] === "+Inf" ? Infinity : r.metric["le"])).sort((a, b) => a - b)).toEqual([0.5, 10, Infinity]);
      const counter = await prometheus!.query(`netstat_Tcp_ActiveOpens{instance="${instance}"}`);
      expect(counter.map((r) => r.value)).toEqual([2 ** 64]);
    });
  }
});
