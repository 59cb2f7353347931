/**
 * Parser for /proc/net/netlink, read for one column of one socket: how many messages the
 * kernel dropped for it.
 *
 * Kernel format (netlink_seq_show in net/netlink/af_netlink.c): a header line naming the
 * columns (`sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode`), then one line per netlink
 * socket with those fields separated by spaces, all decimal but `sk` and `Groups` (hex).
 */

/** The Drops column of the socket with inode `inode`, or undefined when no line has that inode. */
export function netlinkDrops(text: string, inode: number): number | undefined {
  const lines = text.split("\n");
  const header = (lines[0] ?? "").trim().split(/\s+/);
  const dropsAt = header.indexOf("Drops");
  const inodeAt = header.indexOf("Inode");
  if (dropsAt === -1 || inodeAt === -1) return undefined;
  for (let i = 1; i < lines.length; i++) {
    const fields = lines[i]!.trim().split(/\s+/);
    if (fields.length !== header.length || Number(fields[inodeAt]) !== inode) continue;
    const drops = Number(fields[dropsAt]);
    return Number.isInteger(drops) && drops >= 0 ? drops : undefined;
  }
  return undefined;
}
