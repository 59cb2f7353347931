/**
 * `--watch` over a proc root that is not the running kernel's /proc says once that every close
 * comes from polls (no kernel notifications can be heard for it). Tests of watches over fixture
 * trees take that one line out before comparing what else was said.
 */
const NOTE = /^netstat-stream: every close comes from polls, so a socket that opens and closes between two polls is not seen: the proc root .* is not this machine's own \/proc\n/m;

/** `stderr` without the note, which must come at most once. */
export function withoutPollsNote(stderr: string): string {
  const rest = stderr.replace(NOTE, "");
  if (NOTE.test(rest)) throw new Error(`The note about polls came more than once: ${stderr}`);
  return rest;
}
