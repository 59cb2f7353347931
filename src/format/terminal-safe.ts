/**
 * Terminal-safe text: every byte outside printable ASCII (0x20..0x7E) is
 * shown as `.`, as upstream net-tools does since its fix for CVE-2024-58251.
 * Strings here hold one byte per character (latin1), so one `.` replaces one byte.
 */

const UNSAFE = /[^\x20-\x7e]/g;

/** Replaces every non-printable-ASCII byte with `.`. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, ".");
}
