/**
 * Compiles src/main.ts into one self-contained executable, and writes its manual page
 * (netstat-stream.1, generated from the same tables as `--help`) beside it.
 *
 * Usage: bun run scripts/build.ts [--target bun-linux-x64-musl] [--outfile dist/netstat-stream]
 *                                 [--no-minify] [--no-bytecode] [--sourcemap] [--cjs-rxjs]
 *
 * The defaults are the fastest-starting build measured (see README, "Build options"):
 * minified, with bytecode, rxjs from its ES-module build, and no bunfig.toml or .env
 * read at run time. The --no-* and --cjs-rxjs switches exist so the bench can measure
 * what each choice is worth.
 */
import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { BunPlugin } from "bun";
import { manPage } from "../src/cli/man-page.ts";

const ROOT = resolve(import.meta.dir, "..");

/** The build choices; each one is measured in the README. */
export interface BuildOptions {
  /** A `bun-linux-*` target, or undefined for the machine running the build. */
  readonly target?: Bun.Build.CompileTarget | undefined;
  readonly outfile: string;
  readonly minify: boolean;
  readonly bytecode: boolean;
  readonly sourcemap: boolean;
  /** Bundle rxjs's ES-module build (tree-shaken) instead of the CommonJS one its "node" condition selects. */
  readonly esmRxjs: boolean;
}

export const DEFAULT_BUILD: Omit<BuildOptions, "outfile"> = {
  minify: true,
  bytecode: true,
  sourcemap: false,
  esmRxjs: true,
};

/**
 * rxjs's package exports list "node" before "es2015", so Bun picks the CommonJS build,
 * which cannot be tree-shaken: all of rxjs (150 KB minified) is evaluated at start-up.
 * Pointing the bare specifier at the ES-module build keeps only what we use. The same goes
 * for tslib, which that build imports: its "node" entry wraps the CommonJS file, every helper
 * defined at start-up; its ES module keeps the few rxjs calls.
 */
const rxjsEsm: BunPlugin = {
  name: "rxjs-esm",
  setup(build) {
    build.onResolve({ filter: /^rxjs$/ }, () => ({ path: resolve(ROOT, "node_modules/rxjs/dist/esm/index.js") }));
    build.onResolve({ filter: /^tslib$/ }, () => ({ path: resolve(ROOT, "node_modules/tslib/tslib.es6.mjs") }));
  },
};

/** The manual page's file name. */
export const MAN_PAGE = "netstat-stream.1";

/** Writes the manual page into `dir` (relative to the repository) and returns its path. */
export function writeManPage(dir: string): string {
  const path = resolve(ROOT, dir, MAN_PAGE);
  writeFileSync(path, manPage());
  return path;
}

/** Builds one executable; throws with Bun's messages when the build fails. */
export async function buildExecutable(options: BuildOptions): Promise<void> {
  const result = await Bun.build({
    entrypoints: [resolve(ROOT, "src/main.ts")],
    target: "bun",
    format: "esm",
    minify: options.minify,
    bytecode: options.bytecode,
    sourcemap: options.sourcemap ? "inline" : "none",
    plugins: options.esmRxjs ? [rxjsEsm] : [],
    compile: {
      ...(options.target === undefined ? {} : { target: options.target }),
      outfile: resolve(ROOT, options.outfile),
      // A tool run in any directory must not pick up that directory's bunfig.toml or .env.
      autoloadBunfig: false,
      autoloadDotenv: false,
    },
  });
  if (!result.success) {
    throw new Error(`Cannot build ${options.outfile}: ${result.logs.map(String).join("\n")}`);
  }
}

function parseArgs(args: readonly string[]): BuildOptions {
  let outfile = "dist/netstat-stream";
  let target: Bun.Build.CompileTarget | undefined;
  const options = { ...DEFAULT_BUILD };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--outfile") outfile = args[++i] ?? outfile;
    else if (arg === "--target") target = args[++i] as Bun.Build.CompileTarget;
    else if (arg === "--no-minify") options.minify = false;
    else if (arg === "--no-bytecode") options.bytecode = false;
    else if (arg === "--sourcemap") options.sourcemap = true;
    else if (arg === "--cjs-rxjs") options.esmRxjs = false;
    else throw new Error(`Cannot build: unknown argument ${arg}`);
  }
  return { ...options, target, outfile };
}

if (import.meta.main) {
  try {
    const options = parseArgs(process.argv.slice(2));
    await buildExecutable(options);
    writeManPage(dirname(resolve(ROOT, options.outfile)));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
