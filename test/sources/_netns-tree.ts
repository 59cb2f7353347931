/**
 * A fake /proc tree with processes in several network namespaces, for the namespace tests:
 * PID/ns/net links (`net:[INODE]`), PID/net/{tcp,unix}, PID/cgroup, PID/cmdline and PID/fd links.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface FakeProcess {
  readonly pid: number;
  /** Namespace inode; undefined: the ns link is missing (a process being torn down). */
  readonly netns?: number;
  readonly cgroup?: string;
  readonly cmdline?: string;
  /** Socket inodes held as fds. */
  readonly sockets?: readonly number[];
  /** Files under PID/net. */
  readonly net?: Readonly<Record<string, string>>;
}

export const TCP_HEADER =
  "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

/** A /proc/net/tcp line: 127.0.0.1:PORT listening, with the given inode. */
export function tcpListen(slot: number, port: number, inode: number): string {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  return `   ${slot}: 0100007F:${hex} 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 100 0 0 10 0\n`;
}

export const UNIX_HEADER = "Num       RefCount Protocol Flags    Type St Inode Path\n";

/** Builds the tree; returns its path. */
export function makeNetnsTree(processes: readonly FakeProcess[]): string {
  const root = mkdtempSync(join(tmpdir(), "nss-netns-"));
  for (const p of processes) {
    const dir = join(root, String(p.pid));
    mkdirSync(join(dir, "ns"), { recursive: true });
    mkdirSync(join(dir, "fd"), { recursive: true });
    mkdirSync(join(dir, "net"), { recursive: true });
    if (p.netns !== undefined) symlinkSync(`net:[${p.netns}]`, join(dir, "ns", "net"));
    writeFileSync(join(dir, "cgroup"), p.cgroup ?? "0::/init.scope\n");
    writeFileSync(join(dir, "cmdline"), `${p.cmdline ?? `/usr/bin/prog${p.pid}`}\0`);
    (p.sockets ?? []).forEach((inode, fd) => symlinkSync(`socket:[${inode}]`, join(dir, "fd", String(fd + 3))));
    for (const [name, text] of Object.entries(p.net ?? {})) writeFileSync(join(dir, "net", name), text);
  }
  return root;
}

export function removeNetnsTree(root: string): void {
  rmSync(root, { recursive: true, force: true });
}
