/**
 * Socket inodes from /proc/PID/fd link targets: `socket:[12345]`, or the
 * older `[0000]:12345` form.
 */

const TYPE_2 = /^\[0000\]:([0-9]+)$/;

/** The socket inode a /proc/PID/fd/N link points at, or undefined for any other file. */
export function socketInodeOfLink(target: string): number | undefined {
  // netstat reads the link into a 30-byte buffer, so longer targets never match.
  if (target.length > 29) return undefined;
  // Nearly every link is `socket:[N]` or a path: decide those without a regex.
  if (target.startsWith("socket:[")) {
    const end = target.length - 1;
    if (end <= 8 || target.charCodeAt(end) !== 93) return undefined;
    for (let i = 8; i < end; i++) {
      const c = target.charCodeAt(i);
      if (c < 48 || c > 57) return undefined;
    }
    return Number(target.slice(8, end));
  }
  if (target.charCodeAt(0) !== 91) return undefined;
  const m = TYPE_2.exec(target);
  return m === null ? undefined : Number(m[1]);
}
