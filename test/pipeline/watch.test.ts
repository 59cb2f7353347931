/** The watch pipeline over in-memory trees: existing sockets, a close, and netstat's status for a table asked for and missing. */
import { expect, test } from "bun:test";
import { tcpRows } from "../_support/synthetic-proc.ts";
import { watchOver } from "../_support/watch-harness.ts";

test("the watch pipeline reports the sockets there as existing, then a closed one, through the sockets pipeline", async () => {
  const tree: Record<string, string> = { "net/tcp": tcpRows(2), "net/tcp6": tcpRows(0) };
  const events = (lines: readonly string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const outputs = await watchOver(["--watch", "-tn", "--json", "--include-existing", "--interval", "10ms"], tree, [
    (_, lines) => lines.length === 2,
    (_, lines) => {
      tree["net/tcp"] = tcpRows(1);
      return lines.length === 3;
    },
  ]);
  const seen = events(outputs.flatMap((o) => (o.kind === "stdout" ? o.text.split("\n").filter((l) => l !== "") : [])));
  expect(seen.map((e) => [e["event"], e["inode"], e["existing"] ?? null])).toEqual([
    ["open", 100000, true],
    ["open", 100001, true],
    ["close", 100001, null],
  ]);
  expect(outputs.filter((o) => o.kind !== "stdout")).toEqual([]);
});

test("the watch pipeline ends with netstat's message and status when a table asked for is missing", async () => {
  const outputs = await watchOver(["--watch", "-u", "--interval", "10ms"], {}, [(outputs) => outputs.some((o) => o.kind === "status")]);
  expect(outputs).toEqual([
    { kind: "stderr", text: "netstat: no support for `AF INET (udp)' on this system.\n" },
    { kind: "status", code: 1 },
  ]);
});
