/**
 * Socket inodes from /proc/PID/fd link targets: `socket:[12345]`, or the
 * older `[0000]:12345` form.
 */

const TYPE_1 = /^socket:\[([0-9]+)\]$/;
const TYPE_2 = /^\[0000\]:([0-9]+)$/;

/** The socket inode a /proc/PID/fd/N link points at, or undefined for any other file. */
export function socketInodeOfLink(target: string): number | undefined {
  // netstat reads the link into a 30-byte buffer, so longer targets never match.
  if (target.length > 29) return undefined;
  const m = TYPE_1.exec(target) ?? TYPE_2.exec(target);
  return m === null ? undefined : Number(m[1]);
}
