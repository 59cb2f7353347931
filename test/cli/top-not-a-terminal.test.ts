/** `--top` on a stdout that is not a terminal: one sentence pointing to --watch and --format, status 2, nothing on stdout. */
import { expect, test } from "bun:test";
import { resolve } from "node:path";
import { REPO_ROOT } from "../_support/run.ts";

test("--top with stdout to a pipe says what to use instead, with status 2", async () => {
  const proc = Bun.spawn([process.execPath, "run", resolve(REPO_ROOT, "src/main.ts"), "--top"], { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  expect({ out, err, code }).toEqual({
    out: "",
    err: "netstat-stream: --top draws a live screen and needs a terminal on stdin and stdout; for a stream of socket events use --watch, for a listing --format table or --json\n",
    code: 2,
  });
});
