/**
 * A fifo whose reader is open but reads only when told: whoever writes to it meets a full pipe,
 * as behind a paused or hung reader.
 */
import { closeSync, constants, openSync, readSync } from "node:fs";
import { join } from "node:path";

/** Both ends of a paused fifo. */
export interface PausedFifo {
  readonly path: string;
  /** The write end, opened with `writeFlags` (e.g. O_NONBLOCK). */
  readonly write: number;
  readonly read: number;
  /** Reads everything the pipe holds now. */
  drain(): Buffer;
  /** Closes the write end (once a child holds its own copy). */
  closeWrite(): void;
  /** Closes whichever ends are still open. */
  close(): void;
}

/** Makes the fifo `name` in `dir` and opens both ends, the reader without blocking. */
export function pausedFifo(dir: string, name: string, writeFlags = 0): PausedFifo {
  const path = join(dir, name);
  Bun.spawnSync(["mkfifo", path]);
  const read = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const write = openSync(path, constants.O_WRONLY | writeFlags);
  let writeOpen = true;
  let readOpen = true;
  return {
    path,
    write,
    read,
    drain() {
      const chunks: Buffer[] = [];
      const buf = Buffer.alloc(65536);
      for (;;) {
        let n = 0;
        try {
          n = readSync(read, buf);
        } catch {
          break; // EAGAIN: a writer is still open but has nothing more for now
        }
        if (n === 0) break;
        chunks.push(Buffer.from(buf.subarray(0, n)));
      }
      return Buffer.concat(chunks);
    },
    closeWrite() {
      if (writeOpen) closeSync(write);
      writeOpen = false;
    },
    close() {
      this.closeWrite();
      if (readOpen) closeSync(read);
      readOpen = false;
    },
  };
}
