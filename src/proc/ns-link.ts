/** /proc/PID/ns/* link targets, e.g. `net:[4026531840]`. */

const NS_LINK = /^([a-z_]+):\[([0-9]+)\]$/;

/** The namespace inode a /proc/PID/ns/TYPE link names, or undefined when it names another type. */
export function namespaceInodeOfLink(target: string, type = "net"): number | undefined {
  const m = NS_LINK.exec(target);
  return m === null || m[1] !== type ? undefined : Number(m[2]);
}
