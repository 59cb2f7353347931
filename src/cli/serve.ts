/**
 * `--serve`: the exporter as a run of its own. It reads the web
 * configuration (a bad file is one sentence and status 2, before anything
 * listens), starts one watch shared by `/events` and the event metrics,
 * listens (an address in use is one sentence and status 1), and serves
 * until SIGINT, SIGTERM or SIGHUP, then stops cleanly with status 0.
 */
import { EMPTY, filter, map, share, Subscription, tap } from "rxjs";
import { metricsOptions } from "../format/exposition-stage.ts";
import { EventMetrics } from "../format/metric-events.ts";
import { finalStage } from "../format/registry.ts";
import type { StageContext } from "../format/stages.ts";
import { messageSafe } from "../format/terminal-safe.ts";
import type { Options } from "../model/options.ts";
import type { Written } from "../model/pipeline.ts";
import type { ServeOptions } from "../model/serve.ts";
import { createSystemResolver } from "../resolve/databases.ts";
import { readEtc } from "../sources/etc.ts";
import { ServeError, startServer, type RunningServer } from "../serve/server.ts";
import { loadWebConfig, NO_WEB_CONFIG, WebConfigError, type WebConfig } from "../serve/web-config.ts";
import { eventWatch$ } from "./event-feed.ts";
import { runState, userUids, type PassContext } from "./plan.ts";
import { exporterMetrics } from "./serve-metrics.ts";
import type { RunIo } from "./run.ts";

/** How many distinct messages are remembered as said. */
const SAID_LIMIT = 1000;

/** `write`, but each text once; bounded, so that messages that differ every time (a bogus line's text) cannot pile up. */
function onceEach(write: (text: string) => void): (text: string) => void {
  const said = new Set<string>();
  return (text) => {
    if (said.has(text)) return;
    if (said.size >= SAID_LIMIT) said.clear();
    said.add(text);
    write(text);
  };
}

/** The web configuration `--web-config` names, or the sentence saying why it cannot be used. */
function webConfigOf(serve: ServeOptions): WebConfig | { readonly problem: string } {
  if (serve.webConfig === undefined) return NO_WEB_CONFIG;
  try {
    return loadWebConfig(serve.webConfig);
  } catch (error) {
    if (!(error instanceof WebConfigError)) throw error;
    return { problem: `Cannot use ${messageSafe(serve.webConfig)} as the --web-config file: ${messageSafe(error.message)}` };
  }
}

/** Runs the exporter `options.serve` asks for until a stop signal; resolves to the exit status. */
export function serveRun(options: Options & { readonly serve: ServeOptions }, io: RunIo): Promise<number> {
  const say = (sentence: string): void => io.stderr(`netstat-stream: ${sentence}\n`);
  const web = webConfigOf(options.serve);
  if ("problem" in web) {
    say(web.problem);
    return Promise.resolve(2);
  }
  const users = userUids(options);
  if ("error" in users) {
    io.stderr(users.error);
    return Promise.resolve(2);
  }
  const state = runState();
  state.userUid = users.uids;
  const resolver = createSystemResolver((name) => readEtc(name));
  // The exporter's own reader never falls behind: each /events client is bounded on its own (serve/event-feed.ts).
  // The watch's events are summed into the event metrics (format/metric-events.ts) and streamed to /events.
  const ctx: PassContext = { options, resolver, state, euid: io.euid, colour: false, flushed$: EMPTY, queued: () => 0 };
  const events = new EventMetrics(metricsOptions(options));
  const events$ = eventWatch$(ctx).pipe(
    tap((item) => {
      if (item.kind === "record") events.add(item.record);
      else if (item.kind === "batch") for (const e of item.records) events.add(e);
    }),
    share(),
  );
  const stage: StageContext = { options: { ...options, format: "json" }, resolver, colour: false, now: Date.now, pass: 1 };
  const written$ = events$.pipe(finalStage("watch", "json")(stage), share());
  const lines$ = written$.pipe(
    filter((w: Written) => w.stream === "stdout"),
    map((w) => w.text),
  );
  // The readings and the watch say the same things again and again: each message is said once.
  const once = onceEach(io.stderr);
  const metrics = exporterMetrics(ctx, () => events.families(), once);
  let server: RunningServer;
  try {
    server = startServer({ host: options.serve.host, port: options.serve.port }, web, { metrics, lines$, now: Date.now });
  } catch (error) {
    if (!(error instanceof ServeError)) throw error;
    say(error.message);
    return Promise.resolve(1);
  }
  // The watch runs while the exporter does: the event metrics count every open and close, read or not.
  const watching = new Subscription();
  watching.add(written$.pipe(filter((w) => w.stream === "stderr")).subscribe({ next: (w) => once(w.text), error: (e: unknown) => say(`The watch stopped: ${e instanceof Error ? e.message : String(e)}`) }));
  say(`Listening on ${server.url} (/metrics, /events)`);
  return new Promise<number>((resolve) => {
    const removeSignal = io.onSignal(() => {
      removeSignal();
      watching.unsubscribe();
      // Stopping closes every connection; the run ends now, not once the scrapes in flight are answered.
      void server.stop();
      resolve(0);
    });
  });
}
