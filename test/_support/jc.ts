/**
 * jc and jq, the third-party readers the JSON tests compare against, and
 * NDJSON reading.
 */
import { existsSync } from "node:fs";
import { netnsAvailable } from "./netns.ts";

export const JC = "/usr/bin/jc";
export const JQ = "/usr/bin/jq";

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

/** Why a JSON suite must be skipped here ("" when it can run): it needs root, ip netns, jc and jq. */
export async function jsonSuiteSkipReason(): Promise<string> {
  const avail = await netnsAvailable();
  const missing = [JC, JQ].filter((p) => !existsSync(p));
  return !avail.ok ? avail.why : missing.length > 0 ? `${missing.join(" and ")} missing (apt-get install jc jq)` : "";
}

/** The records of NDJSON text. */
export function lines(text: string): Json[] {
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Json);
}

/** What `jc PARSER` makes of `text`. */
export async function jc(parser: string, text: string): Promise<Json[]> {
  const proc = Bun.spawn([JC, parser], { stdin: new Blob([text]), stdout: "pipe", stderr: "pipe" });
  const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
  if (code !== 0) throw new Error(`jc ${parser} failed with status ${code}`);
  return JSON.parse(out) as Json[];
}
