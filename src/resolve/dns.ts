/**
 * Reverse DNS (PTR) lookups that never hold the pipeline for long: every
 * lookup of a run shares one deadline, so a dead resolver costs about one
 * timeout per run, not one per address.
 */
import { ptrName } from "./address.ts";

/** Looks up the PTR name of numeric address text; undefined when there is none in time. */
export type ReverseLookup = (address: string) => Promise<string | undefined>;

/** Options for {@linkcode createReverseDns}. */
export interface ReverseDnsOptions {
  /** How long the whole run may wait for DNS answers, in milliseconds. */
  readonly budgetMs: number;
}

/** Creates a reverse resolver using the system's /etc/resolv.conf. The DNS client loads on first use. */
export function createReverseDns(options: ReverseDnsOptions): ReverseLookup {
  let deadline: number | undefined;
  let resolver: Promise<{ resolvePtr(name: string): Promise<string[]> }> | undefined;
  return async (address) => {
    const name = ptrName(address);
    if (name === undefined) return undefined;
    deadline ??= Date.now() + options.budgetMs;
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    resolver ??= import("node:dns").then((dns) => new dns.promises.Resolver({ timeout: options.budgetMs, tries: 1 }));
    const r = await resolver;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), left);
    });
    try {
      const answer = await Promise.race([r.resolvePtr(name).then((names) => names[0], () => undefined), timeout]);
      return answer;
    } finally {
      clearTimeout(timer);
    }
  };
}
