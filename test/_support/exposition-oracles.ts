/**
 * The oracles of the Prometheus expositions: promtool's `check metrics` (the text format's
 * parser and linter, Debian's `prometheus` package) and the OpenMetrics and text parsers of the
 * official Python client (Debian's `python3-prometheus-client`), which reject what the formats
 * forbid and give back every series with its label values as the parser read them.
 */
import { existsSync } from "node:fs";

/** Where promtool is, when installed. */
export const PROMTOOL = ["/usr/bin/promtool", "/usr/local/bin/promtool"].find((p) => existsSync(p));

/** Debian's python3, which sees python3-prometheus-client (a pyenv python may not). */
const PYTHON = "/usr/bin/python3";

/** Whether the Python client's parsers are there. */
export const PYTHON_CLIENT =
  existsSync(PYTHON) && Bun.spawnSync([PYTHON, "-c", "import prometheus_client.openmetrics.parser"], { stderr: "ignore" }).exitCode === 0;

/** What `promtool check metrics` says of an exposition: its exit status and every line it printed. */
export function promtoolCheck(exposition: string): { readonly code: number; readonly messages: readonly string[] } {
  const run = Bun.spawnSync([PROMTOOL!, "check", "metrics"], { stdin: Buffer.from(exposition, "utf8"), stdout: "pipe", stderr: "pipe" });
  const messages = `${run.stdout.toString()}${run.stderr.toString()}`.split("\n").filter((l) => l.trim() !== "");
  return { code: run.exitCode ?? -1, messages };
}

/** One series as the Python client parsed it. */
export interface ParsedSample {
  readonly family: string;
  readonly type: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const PARSE = `
import json, sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families as om
from prometheus_client.parser import text_string_to_metric_families as text
parse = om if sys.argv[1] == "openmetrics" else text
out = []
for f in parse(sys.stdin.buffer.read().decode("utf-8")):
    for s in f.samples:
        out.append({"family": f.name, "type": f.type, "name": s.name, "labels": s.labels, "value": s.value})
print(json.dumps(out))
`;

/** Every series of an exposition as the Python client's parser for `format` reads it; throws with the parser's complaint. */
export function pythonParse(exposition: string, format: "text" | "openmetrics"): readonly ParsedSample[] {
  const run = Bun.spawnSync([PYTHON, "-c", PARSE, format], { stdin: Buffer.from(exposition, "utf8"), stdout: "pipe", stderr: "pipe" });
  if (run.exitCode !== 0) throw new Error(`The ${format} parser refused the exposition: ${run.stderr.toString().trim().split("\n").at(-1)}`);
  return JSON.parse(run.stdout.toString()) as ParsedSample[];
}
