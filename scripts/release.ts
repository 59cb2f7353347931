/**
 * Release builds: one executable per Linux target in dist/release/, an `.xz`
 * copy of each, the manual page netstat-stream.1, and SHA256SUMS over all of
 * them (checked with `sha256sum -c`).
 *
 * Usage: bun run scripts/release.ts   (npm run release)
 *
 * Bun downloads each target's runtime from the npm registry on first use and
 * caches it, so later releases build offline.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { buildExecutable, DEFAULT_BUILD, writeManPage } from "./build.ts";

const ROOT = resolve(import.meta.dir, "..");
const OUT = resolve(ROOT, "dist/release");

/** Release file name → Bun compile target. */
export const RELEASE_TARGETS: Readonly<Record<string, Bun.Build.CompileTarget>> = {
  "netstat-stream-linux-x64": "bun-linux-x64",
  "netstat-stream-linux-x64-musl": "bun-linux-x64-musl",
  "netstat-stream-linux-arm64": "bun-linux-arm64",
  "netstat-stream-linux-arm64-musl": "bun-linux-arm64-musl",
};

function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const files: string[] = [];
  for (const [name, target] of Object.entries(RELEASE_TARGETS)) {
    const outfile = resolve(OUT, name);
    console.log(`building ${name} (${target})`);
    await buildExecutable({ ...DEFAULT_BUILD, target, outfile });
    files.push(outfile);
  }
  // One xz per file, all at once: each keeps its executable alongside (-k).
  console.log("compressing with xz");
  const procs = files.map((file) => Bun.spawn(["xz", "-6", "-k", "-f", "-T1", file], { stderr: "inherit" }));
  for (const [i, proc] of procs.entries()) {
    if ((await proc.exited) !== 0) throw new Error(`Cannot compress ${files[i]}: xz failed`);
  }
  const all = [...files.flatMap((file) => [file, `${file}.xz`]), writeManPage(OUT)];
  const sums = all.map((file) => `${sha256(file)}  ${basename(file)}\n`).join("");
  writeFileSync(resolve(OUT, "SHA256SUMS"), sums);
  console.log(`wrote ${all.length} files and SHA256SUMS to ${OUT}`);
}

if (import.meta.main) {
  try {
    await main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
