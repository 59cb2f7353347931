/**
 * Fuzz settings. CI runs a fixed seed and FUZZ_RUNS cases per property
 * (10,000 by default); `npm run fuzz` sets FUZZ_SEED=random and more runs.
 * A failure report names the seed and path, so any run can be replayed.
 */
import type { Parameters } from "fast-check";

const seedText = process.env.FUZZ_SEED ?? "20240601";

/** The seed of this run: fixed in CI, fresh under `npm run fuzz`. */
export const FUZZ_SEED = seedText === "random" ? (Date.now() ^ (process.pid << 16)) | 0 : Number(seedText) | 0;

/** Cases per property. */
export const FUZZ_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 10_000) | 0);

/** fast-check parameters for one property; `share` scales the runs for costly properties. */
export function fuzzParams<T>(share = 1): Parameters<T> {
  return { seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(FUZZ_RUNS * share)), endOnFailure: true };
}

/** Generous per-test timeout for the fuzz suites (the runs are bounded, not timed). */
export const FUZZ_TIMEOUT_MS = 600_000;

if (seedText === "random") console.error(`fuzz: seed ${FUZZ_SEED}, ${FUZZ_RUNS} runs per property`);
