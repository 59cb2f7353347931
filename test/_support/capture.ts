/** For the capture scripts: run the script itself again inside a namespace, where it writes its captures. */
import type { Netns } from "./netns.ts";

/** Runs `script --inside out` with this Bun inside `ns`; throws when it fails. */
export function captureInside(ns: Netns, script: string, out: string): void {
  const run = Bun.spawnSync(["ip", "netns", "exec", ns.name, process.execPath, "run", script, "--inside", out], { stdout: "inherit", stderr: "inherit" });
  if (run.exitCode !== 0) throw new Error("Cannot capture inside the namespace");
  console.log(`captured into ${out}`);
}
