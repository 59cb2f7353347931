/**
 * What a run produces, in order: text for stdout or stderr, and the exit
 * status a section ends with. The CLI writes these to the real streams.
 */
import { concatMap, defer, EMPTY, from, map, type Observable } from "rxjs";
import type { Written } from "../model/pipeline.ts";

/** One piece of output, or a section's exit status. */
export type Output =
  | { readonly kind: "stdout"; readonly text: string }
  | { readonly kind: "stderr"; readonly text: string }
  | { readonly kind: "status"; readonly code: number };

/** Text for stdout. */
export function out(text: string): Output {
  return { kind: "stdout", text };
}

/**
 * Lines for stdout, joined `per` at a time: one write per line would cost a system call each
 * (20,000 of them for a big JSON listing).
 */
export function outLines(lines: readonly string[], per = 512): Output[] {
  const outputs: Output[] = [];
  for (let at = 0; at < lines.length; at += per) outputs.push(out(lines.slice(at, at + per).join("")));
  return outputs;
}

/** Text for stderr. */
export function err(text: string): Output {
  return { kind: "stderr", text };
}

/** What a final stage wrote, as output for its stream. */
export function writtenOutput(w: Written): Output {
  return { kind: w.stream, text: w.text };
}

/** A section's exit status; nonzero ends the run there, as in netstat. */
export function status(code: number): Output {
  return { kind: "status", code };
}

/** Concatenates sections, stopping after the first one that ends with a nonzero status. */
export function concatUntilFailure<T extends { readonly kind: string; readonly code?: number }>(parts: readonly Observable<T>[]): Observable<T> {
  return defer(() => {
    let failed = false;
    // concatMap over the list, not concat(...parts): one part per namespace can be more than a call takes.
    return from(parts).pipe(
      concatMap((part) =>
        defer(() => (failed ? EMPTY : part)).pipe(
          map((o) => {
            if (o.kind === "status" && o.code !== 0) failed = true;
            return o;
          }),
        ),
      ),
    );
  });
}
