import { expect, test } from "bun:test";
import { firstValueFrom, toArray } from "rxjs";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";
import type { ReadingPlan } from "../../src/pipeline/socket-tables.ts";
import { sockets$ } from "../../src/pipeline/sockets.ts";
import type { NameResolver } from "../../src/resolve/names.ts";
import type { ProcRoot } from "../../src/sources/proc-root.ts";
import { memoryProcRoot } from "../_support/memory-proc.ts";
import { tcpRows } from "../_support/synthetic-proc.ts";

function plan(flags: readonly string[]): ReadingPlan {
  const parsed = parseNetstatArgs("netstat", flags, { selinuxEnabled: false });
  if (parsed.kind !== "run") throw new Error(`Cannot parse ${flags.join(" ")}`);
  const { options } = parsed;
  return { selection: options.selection, verbose: options.verbose, scope: options, timers: options.timers, part: "all", keep: () => true };
}

/** A root whose tcp table comes in `chunks` pieces, each pulled only when asked for; `pulled` counts them. */
function chunked(rows: number, chunks: number, pulled: { n: number }): ProcRoot {
  const root = memoryProcRoot({ "net/tcp": tcpRows(rows) });
  return {
    ...root,
    readChunks(relative) {
      const whole = root.readText(relative);
      const size = Math.ceil(whole.length / chunks);
      return (function* () {
        for (let at = 0; at < whole.length; at += size) {
          pulled.n++;
          yield whole.slice(at, at + size);
        }
      })();
    },
  };
}

/** A resolver whose lookups end only when `release` is called; `asked` holds each batch asked for. */
function heldResolver(): { resolver: NameResolver; asked: string[][]; release: () => void } {
  const asked: string[][] = [];
  let releases: (() => void)[] = [];
  const resolver = {
    host: (address: string) => (address === "127.0.0.2" ? "peer" : undefined),
    network: () => undefined,
    service: () => undefined,
    user: () => undefined,
    resolveHosts(addresses: Iterable<string>) {
      asked.push([...addresses]);
      return new Promise<void>((resolve) => releases.push(resolve));
    },
  } as NameResolver;
  return {
    resolver,
    asked,
    release: () => {
      for (const r of releases) r();
      releases = [];
    },
  };
}

test("sockets$ emits a chunk once its names are known, and reads the next chunk only then", async () => {
  const pulled = { n: 0 };
  const held = heldResolver();
  const seen: number[] = [];
  const done = new Promise<void>((resolve) => {
    sockets$(chunked(400, 4, pulled), plan(["-ta"]), { resolver: held.resolver, numeric: () => false }).subscribe({
      next: (item) => seen.push(item.kind === "sockets" ? item.sockets.length : -1),
      complete: resolve,
    });
  });
  // The first chunk waits for its names; nothing after it has been read.
  expect(seen).toEqual([]);
  expect(pulled.n).toBe(1);
  expect(held.asked).toEqual([["127.0.0.1", "127.0.0.2"]]);
  for (let i = 0; i < 8 && pulled.n <= 4; i++) {
    held.release();
    await Bun.sleep(0);
  }
  await done;
  expect(seen.reduce((a, b) => a + b, 0)).toBe(400);
  expect(pulled.n).toBe(4);
});

test("sockets$ looks nothing up for a numeric listing", async () => {
  const held = heldResolver();
  const items = await firstValueFrom(
    sockets$(memoryProcRoot({ "net/tcp": tcpRows(5) }), plan(["-tan"]), { resolver: held.resolver, numeric: () => true }).pipe(toArray()),
  );
  expect(held.asked).toEqual([]);
  expect(items.map((i) => i.kind)).toEqual(["sockets"]);
});
