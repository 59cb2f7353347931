/**
 * The inode-to-process index behind `-p`, built from /proc/PID/fd the way
 * netstat builds its program cache: PIDs in ascending order, the first
 * process holding an inode owns it, and the name is argv[0] from cmdline.
 */
import { defer, type Observable } from "rxjs";
import { programName } from "../proc/pid-cmdline.ts";
import { socketInodeOfLink } from "../proc/pid-fd.ts";
import { ProcReadError, type ProcRoot } from "./proc-root.ts";
import type { ProcessRef } from "../model/owner.ts";


/** Which sockets belong to which processes, and whether some processes could not be read. */
export interface ProcessIndex {
  readonly byInode: ReadonlyMap<number, ProcessRef>;
  /** Every process holding a socket, in ascending pid order (byInode holds the first). */
  holdersOf(inode: number): readonly ProcessRef[];
  /** Some /proc/PID/fd could not be opened for lack of permission. */
  readonly permissionDenied: boolean;
  /** /proc itself could not be listed. */
  readonly unreadable: boolean;
}

// Errors that mean "this process is gone or not ours": a normal race, not a failure.
const VANISHED = new Set(["ENOENT", "ESRCH", "ENOTDIR"]);

function codeOf(error: unknown): string | undefined {
  return error instanceof ProcReadError ? error.code : undefined;
}

/** Builds the index synchronously; vanished processes are skipped, other errors propagate. */
export function buildProcessIndex(root: ProcRoot): ProcessIndex {
  const byInode = new Map<number, ProcessRef>();
  // Only sockets held by more than one process get an entry here (most have one holder).
  const shared = new Map<number, ProcessRef[]>();
  let permissionDenied = false;
  let pids: number[];
  try {
    pids = root
      .list("")
      .filter((name) => /^[0-9]+$/.test(name))
      .map(Number)
      .sort((a, b) => a - b);
  } catch (error) {
    if (error instanceof ProcReadError) return indexOf(byInode, shared, false, true);
    throw error;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = root.list(`${pid}/fd`);
    } catch (error) {
      const code = codeOf(error);
      if (code === "EACCES") permissionDenied = true;
      else if (code === undefined) throw error;
      continue;
    }
    // One record per process, made when its first socket is found.
    let ref: ProcessRef | undefined;
    const dir = `${pid}/fd/`;
    for (const fd of fds) {
      const first = fd.charCodeAt(0);
      if (first < 48 || first > 57) continue;
      let inode: number | undefined;
      try {
        inode = socketInodeOfLink(root.readLink(dir + fd));
      } catch (error) {
        if (codeOf(error) === undefined) throw error;
        continue;
      }
      if (inode === undefined) continue;
      if (ref === undefined) {
        try {
          ref = { pid, program: programName(root.readHead(`${pid}/cmdline`, 511)) };
        } catch (error) {
          const code = codeOf(error);
          if (code === undefined || !(VANISHED.has(code) || code === "EACCES")) throw error;
          continue;
        }
      }
      const owner = byInode.get(inode);
      if (owner === undefined) byInode.set(inode, ref);
      else if (owner !== ref) {
        const all = shared.get(inode);
        if (all === undefined) shared.set(inode, [owner, ref]);
        else if (all[all.length - 1] !== ref) all.push(ref);
      }
    }
  }
  return indexOf(byInode, shared, permissionDenied, false);
}

function indexOf(
  byInode: ReadonlyMap<number, ProcessRef>,
  shared: ReadonlyMap<number, readonly ProcessRef[]>,
  permissionDenied: boolean,
  unreadable: boolean,
): ProcessIndex {
  return {
    byInode,
    holdersOf: (inode) => {
      const all = shared.get(inode);
      if (all !== undefined) return all;
      const one = byInode.get(inode);
      return one === undefined ? [] : [one];
    },
    permissionDenied,
    unreadable,
  };
}

/** A socket's owner as seen from a namespace: one of the namespace's own processes first, else the first holder. */
export function ownerWithin(index: ProcessIndex, pids: ReadonlySet<number>): (inode: number) => ProcessRef | undefined {
  return (inode) => {
    const all = index.holdersOf(inode);
    return all.find((ref) => pids.has(ref.pid)) ?? all[0];
  };
}

/** The index as an observable that builds it on subscription. */
export function processIndex$(root: ProcRoot): Observable<ProcessIndex> {
  return defer(async () => buildProcessIndex(root));
}
