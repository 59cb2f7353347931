/**
 * /proc/PID/mountinfo (see proc(5)): `ID PARENT MAJ:MIN ROOT MOUNTPOINT
 * OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS`, with spaces and
 * backslashes in paths written as octal escapes. Used to learn whether a
 * proc mount hides other users' processes (`hidepid`).
 */

/** How a proc mount shows other users' processes (proc(5) `hidepid`). */
export type Hidepid = "off" | "noaccess" | "invisible" | "ptraceable";

const HIDEPID: Readonly<Record<string, Hidepid>> = {
  "0": "off",
  off: "off",
  "1": "noaccess",
  noaccess: "noaccess",
  "2": "invisible",
  invisible: "invisible",
  "4": "ptraceable",
  ptraceable: "ptraceable",
};

function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** The `hidepid` of the proc mount at `mountPoint` (the last one mounted there), or undefined when none is. */
export function procHidepid(mountinfo: string, mountPoint: string): Hidepid | undefined {
  let found: Hidepid | undefined;
  for (const line of mountinfo.split("\n")) {
    const fields = line.split(" ");
    const dash = fields.indexOf("-");
    if (dash < 6 || fields[dash + 1] !== "proc") continue;
    if (unescape(fields[4]!) !== mountPoint) continue;
    found = "off";
    for (const option of (fields[dash + 3] ?? "").split(",")) {
      if (option.startsWith("hidepid=")) found = HIDEPID[option.slice(8)] ?? "off";
    }
  }
  return found;
}
