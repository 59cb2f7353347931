/**
 * `--serve [ADDR]:PORT` and `--web-config FILE` on the command line: their
 * values, and the options they cannot go with (the exporter's metrics are
 * the socket listing's, so its selection, filters and namespace options
 * apply; modes, formats and repetition do not).
 */
import { parseListenAddress, type ListenAddress } from "../serve/listen-address.ts";
import { messageSafe } from "../format/terminal-safe.ts";
import type { GetoptItem, LongOption } from "./getopt.ts";
import type { ParsedArgs } from "./netstat-args.ts";

/** The exporter's options; spelled in full like every option netstat lacks. */
export const SERVE_LONG: readonly LongOption[] = [
  { name: "serve", hasArg: "required", key: "serve", exactOnly: true },
  { name: "web-config", hasArg: "required", key: "web-config", exactOnly: true },
];

/** What `--serve` and `--web-config` set while the command line is read. */
export interface ServeDraft {
  address: ListenAddress | undefined;
  webConfig: string | undefined;
}

/** Nothing set yet. */
export function emptyServeDraft(): ServeDraft {
  return { address: undefined, webConfig: undefined };
}

function exit(stderr: string, sentence: string): ParsedArgs {
  return { kind: "exit", stdout: "", stderr: `${stderr}netstat-stream: ${sentence}\n`, code: 2 };
}

/** Applies `--serve` or `--web-config`: "applied", "unknown" for any other option, or the exit for a bad value. */
export function applyServeOption(draft: ServeDraft, item: GetoptItem & { readonly kind: "option" }, stderr: string): "applied" | "unknown" | ParsedArgs {
  const word = item.value ?? "";
  if (item.key === "serve") {
    const address = parseListenAddress(word);
    if ("problem" in address) return exit(stderr, `Invalid --serve value '${messageSafe(word)}': ${address.problem}`);
    draft.address = address;
    return "applied";
  }
  if (item.key === "web-config") {
    if (word === "") return exit(stderr, "Invalid --web-config value '': expected a file name");
    draft.webConfig = word;
    return "applied";
  }
  return "unknown";
}

/** The options `--serve` cannot go with, by their getopt key and how they are written. */
const NOT_WITH_SERVE: readonly (readonly [string, string])[] = [
  ["watch", "--watch"],
  ["c", "-c"],
  ["schema", "--schema"],
  ["r", "-r"],
  ["i", "-i"],
  ["I", "-I"],
  ["s", "-s"],
  ["M", "-M"],
  ["g", "-g"],
  ["summary", "--summary"],
  ["tcp-info", "--tcp-info"],
];

/** The complaint about `--serve` or `--web-config` with options they cannot go with, or undefined. */
export function serveConflicts(draft: ServeDraft, count: (key: string) => number, formatGiven: string | undefined, countBy: boolean, stderr: string): ParsedArgs | undefined {
  if (draft.webConfig !== undefined && draft.address === undefined) return exit(stderr, "--web-config needs --serve");
  if (draft.address === undefined) return undefined;
  // /metrics negotiates its exposition with each scraper: no format applies.
  if (formatGiven !== undefined) return exit(stderr, `--serve runs the exporter, so it cannot be used with ${formatGiven}`);
  const other = countBy ? "--count-by" : NOT_WITH_SERVE.find(([key]) => count(key) > 0)?.[1];
  if (other !== undefined) return exit(stderr, `--serve runs the exporter, so it cannot be used with ${other}`);
  return undefined;
}

/** The Options field `serve`, once the command line is read. */
export function serveOptions(draft: ServeDraft): Record<string, unknown> {
  const { address, webConfig } = draft;
  if (address === undefined) return {};
  return { serve: { ...(address.host === undefined ? {} : { host: address.host }), port: address.port, ...(webConfig === undefined ? {} : { webConfig }) } };
}
