import { expect, test } from "bun:test";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";
import type { Output } from "../../src/cli/output.ts";
import { staged$ } from "../../src/cli/staged.ts";
import { recordOptions, socketRecord } from "../../src/format/listing-record.ts";
import { finalStage } from "../../src/format/registry.ts";
import { watchItems$ } from "../../src/pipeline/watch.ts";
import type { NameResolver } from "../../src/resolve/names.ts";
import { memoryProcRoot } from "../_support/memory-proc.ts";
import { tcpRows } from "../_support/synthetic-proc.ts";

const numericResolver = {
  host: () => undefined,
  network: () => undefined,
  service: () => undefined,
  user: () => undefined,
  resolveHosts: async () => undefined,
} as unknown as NameResolver;

/** Runs `--watch` over a tree the test may change between polls, each step waiting until it has seen enough. */
async function watchOver(args: readonly string[], tree: Record<string, string>, steps: readonly ((lines: readonly string[], outputs: readonly Output[]) => boolean)[]): Promise<Output[]> {
  const parsed = parseNetstatArgs("netstat", args, { selinuxEnabled: false });
  if (parsed.kind !== "run") throw new Error(`Cannot parse ${args.join(" ")}`);
  const { options } = parsed;
  const resolver = numericResolver;
  const items = watchItems$({
    root: memoryProcRoot(tree),
    options,
    resolver,
    euid: 0,
    userUid: undefined,
    now: Date.now,
    recordOf: (socket, attribution, lookup, label) => socketRecord(socket, { resolver }, recordOptions(options), attribution, lookup, label),
  });
  const outputs: Output[] = [];
  const lines = (): string[] => outputs.flatMap((o) => (o.kind === "stdout" ? o.text.split("\n").filter((l) => l !== "") : []));
  const stage = { options, resolver, colour: false, now: Date.now, pass: 1 };
  const subscription = staged$(items, finalStage("watch", options.format), stage).subscribe((o) => outputs.push(o));
  try {
    for (const step of steps) {
      for (let waited = 0; !step(lines(), outputs); waited += 5) {
        if (waited > 5000) throw new Error(`No such output after 5 s: ${JSON.stringify(outputs)}`);
        await Bun.sleep(5);
      }
    }
  } finally {
    subscription.unsubscribe();
  }
  return outputs;
}

test("the watch pipeline reports the sockets there as existing, then a closed one, through the sockets pipeline", async () => {
  const tree: Record<string, string> = { "net/tcp": tcpRows(2), "net/tcp6": tcpRows(0) };
  const events = (lines: readonly string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const outputs = await watchOver(["--watch", "-tn", "--json", "--include-existing", "--interval", "10ms"], tree, [
    (lines) => lines.length === 2,
    (lines) => {
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
  const outputs = await watchOver(["--watch", "-u", "--interval", "10ms"], {}, [(_, outputs) => outputs.some((o) => o.kind === "status")]);
  expect(outputs).toEqual([
    { kind: "stderr", text: "netstat: no support for `AF INET (udp)' on this system.\n" },
    { kind: "status", code: 1 },
  ]);
});
