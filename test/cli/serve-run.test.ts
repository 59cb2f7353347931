/**
 * The compiled binary's `--serve` on loopback: a bad --web-config file is one sentence and status 2
 * before anything listens, a port in use one sentence and status 1, TLS and basic auth as curl
 * sees them (certificate from openssl, hash from libcrypt), SIGINT and SIGTERM end it with 0.
 */
import { afterAll, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { OURS, RUN_ENV } from "../_support/run.ts";
import { bcryptHash, tlsFiles } from "../_support/web-config-files.ts";

const files = tlsFiles();
afterAll(() => files.remove());
const built = existsSync(OURS);

interface Started {
  readonly proc: Bun.Subprocess<"ignore", "pipe", "pipe">;
  /** The URL it says it listens on, or undefined when it ended first. */
  readonly url: string | undefined;
  readonly stderr: () => string;
}

/** Starts `netstat-stream ARGS` and waits (5 s at most) for its listening line or its end. */
async function start(args: readonly string[]): Promise<Started> {
  const proc = Bun.spawn([OURS, ...args], { stdin: "ignore", stdout: "pipe", stderr: "pipe", env: { ...RUN_ENV } });
  let err = "";
  const decoder = new TextDecoder();
  void (async () => {
    for await (const chunk of proc.stderr) err += decoder.decode(chunk, { stream: true });
  })();
  for (let i = 0; i < 100 && !err.includes("Listening on") && proc.exitCode === null; i++) await Bun.sleep(50);
  if (proc.exitCode !== null) await Bun.sleep(50);
  return { proc, url: /Listening on (\S+)/.exec(err)?.[1], stderr: () => err };
}

/** Runs to its end (10 s at most): status and stderr. */
async function runToEnd(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  const s = await start(args);
  const timer = setTimeout(() => s.proc.kill("SIGKILL"), 10_000);
  await s.proc.exited;
  clearTimeout(timer);
  await Bun.sleep(20);
  return { code: s.proc.exitCode, stderr: s.stderr() };
}

const badFiles: readonly (readonly [string, string])[] = [
  ["an unknown key", "tls_server_config:\n  certfile: cert.pem\n"],
  ["a plain password", "basic_auth_users:\n  alice: secret\n"],
  ["broken YAML", "basic_auth_users: [\n"],
  ["a missing key file", "tls_server_config:\n  cert_file: cert.pem\n  key_file: absent.pem\n"],
];
for (const [name, text] of badFiles) {
  test.skipIf(!built)(`--web-config with ${name} is one sentence and status 2, before anything listens`, async () => {
    const r = await runToEnd(["--serve", "127.0.0.1:0", "--web-config", files.write("bad.yml", text)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^netstat-stream: Cannot use \S+bad\.yml as the --web-config file: [^\n]+\n$/);
  });
}

test.skipIf(!built)("a port in use is one sentence and status 1", async () => {
  const first = await start(["--serve", "127.0.0.1:0", "-tln"]);
  try {
    const port = new URL(first.url!).port;
    const r = await runToEnd(["--serve", `127.0.0.1:${port}`, "-tln"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`netstat-stream: Cannot listen on 127.0.0.1:${port}: Address already in use\n`);
  } finally {
    first.proc.kill("SIGKILL");
  }
});

test.skipIf(!built)("with TLS and basic auth, curl gets the metrics with the password and 401 without; SIGINT ends it with 0", async () => {
  const config = files.write("web.yml", `tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\nbasic_auth_users:\n  alice: ${bcryptHash("s3cret")}\n`);
  const s = await start(["--serve", "127.0.0.1:0", "--web-config", config, "-tln"]);
  expect(s.url).toStartWith("https://127.0.0.1:");
  const curl = async (...args: string[]): Promise<string> => {
    const p = Bun.spawn(["curl", "-s", "--max-time", "10", "--cacert", files.cert, "-w", "\n%{http_code}", ...args, `${s.url}metrics`], { stdout: "pipe", stderr: "ignore" });
    return new Response(p.stdout).text();
  };
  const ok = await curl("-u", "alice:s3cret");
  expect(ok).toEndWith("\n200");
  expect(ok).toContain("# TYPE netstat_sockets gauge");
  expect(await curl("-u", "alice:wrong")).toEndWith("\n401");
  expect(await curl()).toEndWith("\n401");
  s.proc.kill("SIGINT");
  expect(await s.proc.exited).toBe(0);
}, 30_000);

test.skipIf(!built)("SIGTERM ends the exporter with status 0", async () => {
  const s = await start(["--serve", "127.0.0.1:0", "-tln"]);
  expect(s.url).toBeDefined();
  s.proc.kill("SIGTERM");
  expect(await s.proc.exited).toBe(0);
});

const mistakes: readonly (readonly [readonly string[], string])[] = [
  [["--serve", "9100"], "netstat-stream: Invalid --serve value '9100': expected [ADDR]:PORT, such as :9100 or 127.0.0.1:9100\n"],
  [["--serve", ":70000"], "netstat-stream: Invalid --serve value ':70000': expected [ADDR]:PORT with a port from 0 to 65535\n"],
  [["--web-config", "web.yml"], "netstat-stream: --web-config needs --serve\n"],
  [["--serve", ":9100", "--json"], "netstat-stream: --serve runs the exporter, so it cannot be used with --json\n"],
  [["--serve", ":9100", "--watch"], "netstat-stream: --serve runs the exporter, so it cannot be used with --watch\n"],
  [["--serve", ":9100", "-s"], "netstat-stream: --serve runs the exporter, so it cannot be used with -s\n"],
];
for (const [args, message] of mistakes) {
  test.skipIf(!built)(`${args.join(" ")} is one sentence and status 2`, async () => {
    const r = await runToEnd(args);
    expect(r).toEqual({ code: 2, stderr: message });
  });
}

test.skipIf(!built)("--serve takes --metrics-max-series: a family past it is folded and counted", async () => {
  const s = await start(["--serve", "127.0.0.1:0", "-tln", "--metrics-max-series", "1"]);
  try {
    const text = await (await fetch(`${s.url}metrics`)).text();
    // netstat_sockets has a series for every TCP state of tcp and tcp6: one is kept, the rest folded.
    const folded = /^netstat_series_folded\{family="netstat_sockets"\} (\d+)$/m.exec(text);
    expect(Number(folded?.[1])).toBeGreaterThan(0);
    expect(text.match(/^netstat_sockets\{/gm)?.length).toBe(1);
  } finally {
    s.proc.kill("SIGTERM");
    await s.proc.exited;
  }
});
