/**
 * Why a socket has no owning process in `-p` output: nobody holds it, the
 * holder is not ours to read, or /proc hides other users' processes.
 */
import { resolve } from "node:path";
import type { Attribution } from "../model/netns.ts";
import { procHidepid, type Hidepid } from "../proc/mountinfo.ts";
import type { ProcessIndex } from "./processes.ts";
import type { ProcessRef } from "../model/owner.ts";
import { ProcReadError, type ProcRoot } from "./proc-root.ts";

/** What decides an attribution besides the socket itself. */
export interface AttributionContext {
  readonly index: Pick<ProcessIndex, "permissionDenied" | "unreadable">;
  /** The proc mount's hidepid, when known. */
  readonly hidepid: Hidepid | undefined;
  readonly euid: number;
}

/** The `hidepid` of the proc mount at the proc root, from the reader's own mountinfo; undefined when unknown. */
export function readHidepid(root: ProcRoot): Hidepid | undefined {
  try {
    return procHidepid(root.readText("self/mountinfo"), resolve(root.path));
  } catch (error) {
    // A captured tree, or a /proc without self: nothing is known about hiding.
    if (error instanceof ProcReadError) return undefined;
    throw error;
  }
}

/**
 * The attribution of one socket: `ok` with an owner; `orphan` when no process can hold it (inode
 * 0: TIME_WAIT, a connection still in the accept queue) or every process was read; `hidden` when
 * hidepid keeps other users' processes out of sight; `permission` when some /proc/PID/fd was
 * closed to us.
 */
export function attributionOf(inode: number | null, owner: ProcessRef | undefined, ctx: AttributionContext): Attribution {
  if (owner !== undefined) return "ok";
  if (inode === 0) return "orphan";
  const hiding = ctx.hidepid !== undefined && ctx.hidepid !== "off" && ctx.euid !== 0;
  if (hiding) return "hidden";
  if (ctx.index.permissionDenied || ctx.index.unreadable) return "permission";
  return "orphan";
}
