/**
 * startServer over stand-in sources, in process on loopback: routes and methods, content
 * negotiation, one reading for concurrent scrapes, /events per client with a gap for a slow one,
 * TLS and basic auth as curl sees them (certificates from openssl, hashes from libcrypt), and a
 * port in use.
 */
import { afterAll, expect, test } from "bun:test";
import { connect } from "node:net";
import { Subject } from "rxjs";
import { CONTENT_TYPES, type Exposition } from "../../src/serve/accept.ts";
import { ServeError, startServer, type RunningServer, type ServeSources } from "../../src/serve/server.ts";
import { sharedReading } from "../../src/serve/shared-reading.ts";
import { loadWebConfig, NO_WEB_CONFIG } from "../../src/serve/web-config.ts";
import { bcryptHash, clientCertificate, tlsFiles } from "../_support/web-config-files.ts";

const lines = new Subject<string>();
let readings = 0;
/** Scrapes so far, and the one the current reading waits for before it ends (none: it ends at once). */
let scrapes = 0;
let waitFor = 0;
let arrived: () => void = () => {};
const reading = sharedReading(async () => {
  readings++;
  if (scrapes < waitFor) await new Promise<void>((resolve) => (arrived = resolve));
  return readings;
});
const sources: ServeSources = {
  metrics: async (e: Exposition) => {
    if (++scrapes === waitFor) arrived();
    return `# reading ${await reading()} as ${e}\n`;
  },
  lines$: lines,
  now: () => 0,
};
const servers: RunningServer[] = [];
const files = tlsFiles();
afterAll(async () => {
  for (const s of servers) await s.stop();
  files.remove();
});

function serve(web = NO_WEB_CONFIG): RunningServer {
  const s = startServer({ host: "127.0.0.1", port: 0 }, web, sources);
  servers.push(s);
  return s;
}

const plain = serve();
const base = plain.url.replace(/\/$/, "");

test("startServer names its endpoints at /, answers 404 elsewhere and 405 with Allow for other methods", async () => {
  const index = await fetch(`${base}/`);
  expect(index.status).toBe(200);
  const page = await index.text();
  expect(page).toContain("/metrics");
  expect(page).toContain("/events");
  expect((await fetch(`${base}/nope`)).status).toBe(404);
  const head = await fetch(`${base}/metrics`, { method: "HEAD" });
  expect(head.status).toBe(200);
  expect(await head.text()).toBe("");
  for (const method of ["POST", "PUT", "DELETE"]) {
    const r = await fetch(`${base}/metrics`, { method });
    expect(r.status).toBe(405);
    expect(r.headers.get("allow")).toBe("GET, HEAD");
  }
});

test("startServer answers /metrics in the exposition the Accept header asks for", async () => {
  const om = await fetch(`${base}/metrics`, { headers: { accept: "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5" } });
  expect(om.headers.get("content-type")).toBe(CONTENT_TYPES.openmetrics);
  expect(await om.text()).toEndWith("as openmetrics\n");
  const text = await fetch(`${base}/metrics`);
  expect(text.headers.get("content-type")).toBe(CONTENT_TYPES.text);
  expect(await text.text()).toEndWith("as text\n");
});

/** `n` requests at once, each on its own connection (fetch would queue them on a few), answered within 10 s. */
function rawRequests(port: number, n: number, request: string): Promise<string[]> {
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<string>((resolve) => {
          let got = "";
          const socket = connect(port, "127.0.0.1", () => socket.write(request));
          const timer = setTimeout(() => socket.destroy(), 10_000);
          socket.on("data", (d) => (got += d.toString("latin1")));
          socket.on("close", () => {
            clearTimeout(timer);
            resolve(got);
          });
          socket.on("error", () => undefined);
        }),
    ),
  );
}

test("startServer's concurrent scrapes share one reading, and the next scrape reads afresh", { timeout: 20_000 }, async () => {
  const before = readings;
  // The reading lasts until the thousandth scrape has come: all of them are concurrent with it.
  waitFor = scrapes + 1000;
  const answers = await rawRequests(Number(new URL(base).port), 1000, "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  expect(answers.every((a) => a.startsWith("HTTP/1.1 200"))).toBe(true);
  expect(new Set(answers.map((a) => a.slice(a.indexOf("\r\n\r\n")))).size).toBe(1);
  expect(readings - before).toBe(1);
  await fetch(`${base}/metrics`).then((r) => r.text());
  expect(readings - before).toBe(2);
});

test("startServer refuses oversized headers and goes on answering", async () => {
  const big = await fetch(`${base}/metrics`, { headers: { "x-big": "y".repeat(100_000) } }).then(
    (r) => r.status,
    () => "refused",
  );
  expect(big === "refused" || (typeof big === "number" && big >= 400)).toBe(true);
  expect((await fetch(`${base}/`)).status).toBe(200);
});

/** Reads NDJSON lines from /events until `until` says enough, within 5 s. */
async function readLines(response: Response, until: (lines: readonly string[]) => boolean): Promise<string[]> {
  const got: string[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const deadline = Date.now() + 5000;
  let rest = "";
  while (!until(got) && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    rest += value;
    const parts = rest.split("\n");
    rest = parts.pop()!;
    got.push(...parts);
  }
  await reader.cancel();
  return got;
}

test("startServer streams /events to each client, one line per event", async () => {
  const a = fetch(`${base}/events`);
  const b = fetch(`${base}/events`);
  await Bun.sleep(100);
  for (let i = 0; i < 3; i++) lines.next(`{"n":${i}}\n`);
  const [ra, rb] = await Promise.all([a, b]);
  expect(ra.headers.get("content-type")).toBe("application/x-ndjson");
  for (const r of [ra, rb]) expect(await readLines(r, (l) => l.length >= 3)).toEqual(['{"n":0}', '{"n":1}', '{"n":2}']);
});

test("startServer drops what a slow /events client cannot take and tells it with a gap line", async () => {
  const port = Number(new URL(base).port);
  const socket = connect(port, "127.0.0.1");
  let received = "";
  socket.on("data", (d) => (received += d.toString("latin1")));
  socket.write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
  await Bun.sleep(100);
  socket.pause();
  const line = `{"pad":"${"x".repeat(1000)}"}\n`;
  const sent = 20_000;
  for (let i = 0; i < sent; i++) {
    lines.next(line);
    if (i % 1000 === 0) await Bun.sleep(5);
  }
  socket.resume();
  // Well past the catch-up check: the gap line follows once the client has read what waited.
  for (let i = 0; i < 50 && !received.includes('"gap"'); i++) {
    await Bun.sleep(100);
    lines.next(line);
  }
  socket.destroy();
  const gap = /\{"kind":"gap"[^\n]*\}/.exec(received);
  expect(gap).not.toBeNull();
  const lost = (JSON.parse(gap![0]) as { lost: number }).lost;
  const delivered = received.split('{"pad"').length - 1;
  expect(lost).toBeGreaterThan(0);
  // Every event either reached the client or is counted in the gap (the last few may still be on the way).
  expect(delivered + lost).toBeLessThanOrEqual(sent + 50);
  expect(delivered + lost).toBeGreaterThanOrEqual(sent);
});

test("startServer with a web configuration serves TLS and asks for basic auth, as curl sees it", { timeout: 30_000 }, async () => {
  const hash = bcryptHash("s3cret");
  const web = loadWebConfig(files.write("web.yml", `tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\nbasic_auth_users:\n  alice: ${hash}\n`));
  const s = serve(web);
  expect(s.url).toStartWith("https://127.0.0.1:");
  // curl runs beside the server (never spawnSync: the server answers on this very event loop).
  const curl = async (...args: string[]): Promise<{ status: number; code: string; headers: string }> => {
    const p = Bun.spawn(["curl", "-s", "--max-time", "10", "-o", "/dev/null", "-D", "-", "-w", "%{http_code}", ...args, `${s.url}metrics`], { stdout: "pipe", stderr: "pipe" });
    const out = await new Response(p.stdout).text();
    return { status: await p.exited, code: out.slice(-3), headers: out.slice(0, -3).toLowerCase() };
  };
  const trusted = ["--cacert", files.cert];
  expect((await curl(...trusted, "-u", "alice:s3cret")).code).toBe("200");
  const wrong = await curl(...trusted, "-u", "alice:guess");
  expect(wrong.code).toBe("401");
  expect(wrong.headers).toContain("www-authenticate: basic");
  expect((await curl(...trusted)).code).toBe("401");
  expect((await curl(...trusted, "-u", "mallory:s3cret")).code).toBe("401");
  // Without the certificate to trust, curl refuses the connection (60: peer certificate cannot be authenticated).
  expect((await curl("-u", "alice:s3cret")).status).toBe(60);
});

test("startServer with client_auth_type RequireAndVerifyClientCert answers only a client whose certificate the CA signed", { timeout: 30_000 }, async () => {
  const client = clientCertificate(files);
  const web = loadWebConfig(files.write("mtls.yml", `tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.pem\n`));
  const s = serve(web);
  const curl = async (...args: string[]): Promise<{ status: number; code: string }> => {
    const p = Bun.spawn(["curl", "-s", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", files.cert, ...args, `${s.url}metrics`], { stdout: "pipe", stderr: "pipe" });
    const code = await new Response(p.stdout).text();
    return { status: await p.exited, code };
  };
  expect(await curl("--cert", client.cert, "--key", client.key)).toEqual({ status: 0, code: "200" });
  // Without a certificate the handshake fails: curl gets no HTTP answer at all.
  const without = await curl();
  expect(without.status).not.toBe(0);
  expect(without.code).toBe("000");
  // A certificate the CA did not sign (the server's own, self-signed) fails the same way.
  expect((await curl("--cert", files.cert, "--key", files.key)).code).toBe("000");
});

test("startServer says in one sentence that the port is in use", () => {
  const port = new URL(base).port;
  let caught: unknown;
  try {
    startServer({ host: "127.0.0.1", port: Number(port) }, NO_WEB_CONFIG, sources);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ServeError);
  expect((caught as Error).message).toBe(`Cannot listen on 127.0.0.1:${port}: Address already in use`);
});
