/**
 * The exporter's HTTP server (`--serve`): `GET /metrics` answers with the
 * exposition the Accept header asks for, from one reading shared by the
 * scrapes that wait for it; `GET /events` streams the watch's NDJSON lines
 * to each client; `GET /` names both. Other paths are 404, other methods
 * 405 with Allow. A web configuration adds TLS, basic authentication (every
 * path) and extra headers. Nothing here prints or exits: a failure to
 * listen is a ServeError for src/cli to say.
 */
import type { Observable } from "rxjs";
import { strerror } from "../format/strerror.ts";
import { negotiate, CONTENT_TYPES, type Exposition } from "./accept.ts";
import { authorizer } from "./basic-auth.ts";
import { eventStream } from "./event-feed.ts";
import { addressText, type ListenAddress } from "./listen-address.ts";
import type { WebConfig } from "./web-config.ts";

/** What the server serves: the metrics in an exposition, and the event lines. */
export interface ServeSources {
  /** The metrics text in `exposition`, from a reading shared with the scrapes in flight. */
  readonly metrics: (exposition: Exposition) => Promise<string | Uint8Array>;
  /** The watch's NDJSON lines, one per event, shared by every client. */
  readonly lines$: Observable<string>;
  readonly now: () => number;
}

/** A listen that failed, with the errno name and a sentence. */
export class ServeError extends Error {
  override readonly name = "ServeError";
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** A running exporter: where it listens, and how to stop it. */
export interface RunningServer {
  /** The address and port it listens on, as `host:port`. */
  readonly listening: string;
  readonly url: string;
  stop(): Promise<void>;
}

/** The methods every path answers. */
const ALLOW = "GET, HEAD";

/** Idle connections (and requests whose headers trickle in) are closed after this many seconds. */
const IDLE_SECONDS = 30;

const INDEX_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>netstat-stream exporter</title></head>
<body><h1>netstat-stream exporter</h1>
<ul>
<li><a href="/metrics">/metrics</a>: socket and protocol metrics (Prometheus text 0.0.4, or OpenMetrics 1.0.0 when asked for)</li>
<li><a href="/events">/events</a>: socket events as NDJSON, one line per event, as <code>--watch --json</code> writes them</li>
</ul></body></html>
`;

/** A plain-text answer with `status`. */
function plain(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", ...headers } });
}

/** The path's answer to an authorized request. */
async function route(request: Request, sources: ServeSources, stream: () => void): Promise<Response> {
  const path = new URL(request.url).pathname;
  const known = path === "/" || path === "/metrics" || path === "/events";
  if (!known) return plain(404, "Not Found\n");
  if (request.method !== "GET" && request.method !== "HEAD") return plain(405, "Method Not Allowed\n", { allow: ALLOW });
  if (path === "/") return new Response(INDEX_PAGE, { headers: { "content-type": "text/html; charset=utf-8" } });
  if (path === "/events") {
    stream();
    return new Response(eventStream(sources.lines$, sources.now), { headers: { "content-type": "application/x-ndjson", "cache-control": "no-store" } });
  }
  const exposition = negotiate(request.headers.get("accept"));
  try {
    const text = await sources.metrics(exposition);
    return new Response(text, { headers: { "content-type": CONTENT_TYPES[exposition] } });
  } catch (error) {
    return plain(500, `Cannot read the metrics: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

/** Bun's listen options for `address` and the web configuration. */
function listenOptions(host: string, port: number, web: WebConfig): Pick<Bun.ServeOptions, "hostname" | "port"> & { tls?: Bun.TLSOptions } {
  const tls = web.tls === undefined ? undefined : web.tls.ca === undefined ? { cert: web.tls.cert, key: web.tls.key } : { cert: web.tls.cert, key: web.tls.key, ca: web.tls.ca, requestCert: true, rejectUnauthorized: true };
  return { hostname: host, port, ...(tls === undefined ? {} : { tls }) };
}

/** Listens on `address` (every address when it names none) and serves `sources`; throws a ServeError when it cannot listen. */
export function startServer(address: ListenAddress, web: WebConfig, sources: ServeSources): RunningServer {
  const authorized = authorizer(web.users);
  const extra = web.headers;
  const withHeaders = (response: Response): Response => {
    for (const [name, value] of Object.entries(extra)) response.headers.set(name, value);
    return response;
  };
  const listen = (host: string): Bun.Server<undefined> =>
    Bun.serve({
      ...listenOptions(host, address.port, web),
      idleTimeout: IDLE_SECONDS,
      maxRequestBodySize: 1024,
      development: false,
      // Bun shares the port among listeners unless told not to: a port in use must say so.
      reusePort: false,
      async fetch(request, server) {
        if (!(await authorized(request.headers.get("authorization")))) {
          return withHeaders(plain(401, "Unauthorized\n", { "www-authenticate": "Basic" }));
        }
        // An event stream may stay quiet for longer than an idle connection may.
        return withHeaders(await route(request, sources, () => server.timeout(request, 0)));
      },
      error: () => plain(500, "Internal Server Error\n"),
    });
  const hosts = address.host === undefined ? ["::", "0.0.0.0"] : [address.host];
  let server: Bun.Server<undefined> | undefined;
  for (const [i, host] of hosts.entries()) {
    try {
      server = listen(host);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "EINVAL";
      // Without IPv6, "every address" falls back to every IPv4 address.
      if (i + 1 < hosts.length && (code === "EAFNOSUPPORT" || code === "EADDRNOTAVAIL")) continue;
      throw new ServeError(`Cannot listen on ${addressText(host, address.port)}: ${strerror(code)}`, code);
    }
  }
  const running = server!;
  const listening = addressText(running.hostname ?? hosts[0]!, running.port ?? address.port);
  return {
    listening,
    url: `${web.tls === undefined ? "http" : "https"}://${listening}/`,
    stop: () => running.stop(true),
  };
}
