/**
 * A hostile HTTP client, run with bun in another namespace: `bun hostile-http.ts HOST PORT MODE N`
 * prints one JSON line of what it saw. Every loop is bounded in count and time.
 *
 * - flood: N GET /metrics at once, each on its own connection; counts the 200 answers.
 * - slow: N connections that send half a request line and then nothing, held 3 s, while one
 *   ordinary GET / is timed; counts the slow ones the server closed.
 * - stalled-events: N readers of /events that never read, held 3 s, while one ordinary GET / is
 *   timed.
 * - huge: N requests with a 100 KiB header; counts the answers by status (or "closed").
 */
import { connect, type Socket } from "node:net";

const [host = "", portWord = "", mode = "", nWord = "1"] = process.argv.slice(2);
const port = Number(portWord);
const n = Math.min(Number(nWord), 5000);

/** One request on its own connection; resolves to what came back, within `ms`. */
function request(text: string, ms = 15_000): Promise<string> {
  return new Promise((resolve) => {
    let got = "";
    const socket = connect(port, host, () => socket.write(text));
    const timer = setTimeout(() => socket.destroy(), ms);
    socket.on("data", (d) => (got += d.toString("latin1")));
    socket.on("error", (e: NodeJS.ErrnoException) => (got ||= `error ${e.code}`));
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(got);
    });
  });
}

function statusOf(answer: string): string {
  return /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? (answer.startsWith("error ") ? answer : "closed");
}

function tally(statuses: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

const GET = (path: string): string => `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;

/** One ordinary GET / timed while `sockets` are held open, then the sockets let go after 3 s in all. */
async function ordinaryWhileHeld(sockets: readonly Socket[]): Promise<{ readonly ordinary: string; readonly ms: number }> {
  await Bun.sleep(500);
  const started = Date.now();
  const answer = await request(GET("/"), 10_000);
  const ms = Date.now() - started;
  await Bun.sleep(2500);
  for (const s of sockets) s.destroy();
  return { ordinary: statusOf(answer), ms };
}

if (mode === "flood") {
  const answers = await Promise.all(Array.from({ length: n }, () => request(GET("/metrics"))));
  console.log(JSON.stringify({ statuses: tally(answers.map(statusOf)) }));
} else if (mode === "slow") {
  const sockets: Socket[] = [];
  let closedByServer = 0;
  for (let i = 0; i < n; i++) {
    const s = connect(port, host, () => s.write("GET /metr"));
    s.on("error", () => undefined);
    s.on("close", () => closedByServer++);
    sockets.push(s);
  }
  console.log(JSON.stringify({ ...(await ordinaryWhileHeld(sockets)), closedByServer }));
} else if (mode === "stalled-events") {
  // Readers of /events that never read, held 3 s, while one ordinary GET / is timed.
  const sockets: Socket[] = [];
  for (let i = 0; i < n; i++) {
    const s = connect(port, host, () => s.write(GET("/events").replace("Connection: close", "Connection: keep-alive")));
    s.on("error", () => undefined);
    s.pause();
    sockets.push(s);
  }
  console.log(JSON.stringify(await ordinaryWhileHeld(sockets)));
} else if (mode === "huge") {
  const big = `GET /metrics HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${"y".repeat(100 * 1024)}\r\nConnection: close\r\n\r\n`;
  const answers = await Promise.all(Array.from({ length: n }, () => request(big)));
  console.log(JSON.stringify({ statuses: tally(answers.map(statusOf)) }));
} else {
  console.log(JSON.stringify({ error: `unknown mode ${mode}` }));
}
process.exit(0);
