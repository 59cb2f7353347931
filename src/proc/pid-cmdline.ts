/** /proc/PID/cmdline: NUL-separated argv, of which netstat shows argv[0]. */

/** The program name netstat shows: argv[0], after its last `/` when it starts with `/`. */
export function programName(cmdline: string): string {
  const nul = cmdline.indexOf("\0");
  const argv0 = nul === -1 ? cmdline : cmdline.slice(0, nul);
  return argv0.startsWith("/") ? argv0.slice(argv0.lastIndexOf("/") + 1) : argv0;
}
