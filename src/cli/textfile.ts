/**
 * `--textfile FILE`: a pass's exposition written to FILE atomically instead
 * of stdout (sources/textfile.ts), once or every `-c` interval; its messages
 * still go to stderr. A file that cannot be written is one sentence and
 * status 1.
 */
import { concat, defer, EMPTY, filter, of, type Observable } from "rxjs";
import { messageSafe } from "../format/terminal-safe.ts";
import { strerror } from "../format/strerror.ts";
import { TextfileWriteError, writeFileAtomically } from "../sources/textfile.ts";
import { err, status, type Output } from "./output.ts";

/** A pass's output with its stdout written to `path` once the pass is complete. */
export function toTextfile(path: string, outputs: Observable<Output>): Observable<Output> {
  return defer(() => {
    let text = "";
    // Messages and statuses go on as they come; only the exposition waits for the pass to end.
    const passed = outputs.pipe(
      filter((o) => {
        if (o.kind !== "stdout") return true;
        text += o.text;
        return false;
      }),
    );
    const write = defer((): Observable<Output> => {
      try {
        writeFileAtomically(path, text, process.pid);
      } catch (error) {
        if (!(error instanceof TextfileWriteError)) throw error;
        return of(err(`netstat-stream: Cannot write ${messageSafe(path)}: ${strerror(error.code)}\n`), status(1));
      }
      return EMPTY;
    });
    return concat(passed, write);
  });
}
