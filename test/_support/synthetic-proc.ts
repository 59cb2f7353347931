/**
 * Synthetic /proc trees for tests that need many sockets: generated into a
 * temporary directory at test time (never committed), in the kernel's exact
 * row formats.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const INET_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
const UNIX_HEADER = "Num       RefCount Protocol Flags    Type St Inode Path\n";

const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, "0");

/** `count` established IPv4 TCP rows, 127.0.0.1:(1024+i % 60000) to 127.0.0.2:80. */
export function tcpRows(count: number): string {
  const rows: string[] = [INET_HEADER];
  for (let i = 0; i < count; i++) {
    rows.push(
      `${String(i).padStart(4)}: 0100007F:${hex(1024 + (i % 60000), 4)} 0200007F:0050 01 00000000:00000000 00:00000000 00000000     0        0 ${100000 + i} 1 0000000000000000 20 4 30 10 -1\n`,
    );
  }
  return rows.join("");
}

/** `count` unix stream rows with paths /run/s-N. */
export function unixRows(count: number): string {
  const rows: string[] = [UNIX_HEADER];
  for (let i = 0; i < count; i++) rows.push(`0000000000000000: 00000003 00000000 00000000 0001 03 ${500000 + i} /run/s-${i}\n`);
  return rows.join("");
}

/** Writes a tree holding `files` (path under the root -> text, latin1) and returns its root. */
export function writeTree(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), "nss-synth-"));
  for (const [path, text] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(join(full, ".."), { recursive: true });
    writeFileSync(full, Buffer.from(text, "latin1"));
  }
  return root;
}

/** Removes a tree made by writeTree. */
export function removeTree(root: string): void {
  rmSync(root, { recursive: true, force: true });
}
