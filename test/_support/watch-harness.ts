/**
 * The watch pipeline run in process over an in-memory proc tree the test may change between
 * polls, through the registry's final stage, with names left numeric and, when given, a close
 * listener the test drives. Each step waits (5 s at most) until it holds for what was written.
 */
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";
import type { Output } from "../../src/cli/output.ts";
import { staged$ } from "../../src/cli/staged.ts";
import { recordOptions, socketRecord } from "../../src/format/listing-record.ts";
import { finalStage } from "../../src/format/registry.ts";
import type { OpenCloseListener } from "../../src/pipeline/kernel-closes.ts";
import { watchItems$ } from "../../src/pipeline/watch.ts";
import type { NameResolver } from "../../src/resolve/names.ts";
import { memoryProcRoot, type MemoryTree } from "./memory-proc.ts";

/** A resolver that knows no name and looks nothing up. */
export const numericResolver = {
  host: () => undefined,
  network: () => undefined,
  service: () => undefined,
  user: () => undefined,
  resolveHosts: async () => undefined,
} as unknown as NameResolver;

/** One step: true once the outputs so far (and their stdout lines) are what it waits for. */
export type WatchStep = (outputs: readonly Output[], lines: readonly string[]) => boolean;

/** Runs `--watch` with `args` over `tree` until every step has held; returns everything written. */
export async function watchOver(args: readonly string[], tree: MemoryTree, steps: readonly WatchStep[], listen?: OpenCloseListener): Promise<Output[]> {
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
    listen,
  });
  const outputs: Output[] = [];
  const lines = (): string[] => outputs.flatMap((o) => (o.kind === "stdout" ? o.text.split("\n").filter((l) => l !== "") : []));
  const stage = { options, resolver, colour: false, now: Date.now, pass: 1 };
  const subscription = staged$(items, finalStage("watch", options.format), stage).subscribe((o) => outputs.push(o));
  try {
    for (const step of steps) {
      for (let waited = 0; !step(outputs, lines()); waited += 5) {
        if (waited > 5000) throw new Error(`No such output after 5 s: ${JSON.stringify(outputs)}`);
        await Bun.sleep(5);
      }
    }
  } finally {
    subscription.unsubscribe();
  }
  return outputs;
}
