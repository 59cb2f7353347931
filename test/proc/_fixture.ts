/** Reads a fixture file of this project (fixtures/proc/...). */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export function fixture(...parts: string[]): string {
  return readFileSync(join(import.meta.dir, "..", "..", "fixtures", "proc", ...parts), "latin1");
}
