/**
 * Architecture lint: keeps the pipeline's layers visible and one-way.
 *
 * - A module imports only from its own layer or layers to its left:
 *   model < proc < sources < resolve < select < operators < pipeline < format < serve < cli < main.
 *   A pipeline emits records and diagnostics as data; the formats (its final stages) consume it,
 *   so format sits right of pipeline and the CLI joins the two through format/registry.ts. The
 *   exporter (src/serve) answers HTTP with the formats' text; it sits at the process edge's side
 *   but, like every layer left of src/cli, neither prints nor exits.
 * - Only src/cli and src/main.ts may print, exit or touch `process`.
 * - src/proc stays pure: no node: imports, no Bun, no I/O.
 * - No `any` without a line-level reason (`// lint-allow-any: why`).
 *
 * Usage: bun run scripts/lint.ts   (exit status 1 when something is wrong)
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "..");
const SRC = join(ROOT, "src");
const LAYERS = ["model", "proc", "sources", "resolve", "select", "operators", "pipeline", "format", "serve", "cli", "main"];

function layerOf(file: string): string {
  const rel = relative(SRC, file);
  const top = rel.split("/")[0]!;
  if (top === "main.ts" || top === "index.ts") return "main";
  return top;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : full.endsWith(".ts") ? [full] : [];
  });
}

const problems: string[] = [];
const IMPORT = /^\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']/gm;
const PRINTS = /\b(console\.|process\.(exit|stdout|stderr|argv|on\())/;

for (const file of walk(SRC)) {
  const text = readFileSync(file, "utf8");
  const layer = layerOf(file);
  const rank = LAYERS.indexOf(layer);
  const where = relative(ROOT, file);
  if (rank === -1) problems.push(`${where}: not in a known layer (${LAYERS.join(", ")})`);
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1]!;
    if (spec.startsWith(".")) {
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(SRC)) continue;
      const targetLayer = layerOf(target);
      if (LAYERS.indexOf(targetLayer) > rank) problems.push(`${where}: imports ${spec} from layer ${targetLayer}, which is to its right`);
    } else if (layer === "proc" && (spec.startsWith("node:") || spec === "bun")) {
      problems.push(`${where}: src/proc must stay pure but imports ${spec}`);
    }
  }
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    const at = `${where}:${i + 1}`;
    if (layer !== "cli" && layer !== "main" && PRINTS.test(line) && !line.trim().startsWith("*") && !line.trim().startsWith("//")) {
      problems.push(`${at}: only src/cli may print, exit or use process streams`);
    }
    if (/(:\s*any\b|as any\b|<any>)/.test(line) && !line.includes("lint-allow-any:")) problems.push(`${at}: \`any\` without a reason`);
    if (layer === "proc" && /\bBun\.|\bprocess\./.test(line)) problems.push(`${at}: src/proc must not touch Bun or process`);
  });
}

if (problems.length > 0) {
  for (const p of problems) console.error(p);
  console.error(`${problems.length} lint problem(s)`);
  process.exit(1);
}
console.log("lint: ok");
