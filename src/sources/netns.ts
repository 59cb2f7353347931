/**
 * Network namespaces read without entering them: each one through the
 * /proc/PID/net files of a process living in it. Finds those processes,
 * names the namespaces from /run/netns and the containers from cgroups.
 */
import { readdirSync, statfsSync, statSync } from "node:fs";
import { defer, of, type Observable } from "rxjs";
import { osPath } from "../model/bytes.ts";
import type { ContainerRef, NetnsLabel, NetnsSelection } from "../model/netns.ts";
import { containerOfCgroup } from "../proc/cgroup.ts";
import { namespaceInodeOfLink } from "../proc/ns-link.ts";
import { namespaceTypeOf } from "./ns-type.ts";
import { errnoOf, ProcReadError, type ProcRoot } from "./proc-root.ts";
import { withinNetns } from "./netns-enter.ts";

/** Where `ip netns` keeps its named namespaces. */
export const NETNS_DIR = "/run/netns";

const NSFS_MAGIC = 0x6e736673;

/** Why a requested namespace cannot be read. `code` is an errno name, or one of this module's reasons. */
export class NetnsError extends Error {
  override readonly name = "NetnsError";
  /** What the user named: a namespace name, a path, or `pid N`. */
  readonly subject: string;
  /**
   * `no-process`: no process lives in it; `no-visible-process`: none of the processes that could
   * be checked does; `not-netns`: not a namespace file; `other-type`: a namespace of another type.
   */
  readonly code: "no-process" | "no-visible-process" | "not-netns" | "other-type" | string;
  /** With `other-type`: the namespace's type as /proc/PID/ns names it (`mnt`, `pid`, ...). */
  readonly nsType: string | undefined;
  /** With `no-visible-process`: how many processes' namespaces could not be read. */
  readonly unreadablePids: number;
  constructor(subject: string, code: string, options?: ErrorOptions & { readonly nsType?: string; readonly unreadablePids?: number }) {
    super(`Cannot read network namespace ${subject}: ${code}`, options);
    this.subject = subject;
    this.code = code;
    this.nsType = options?.nsType;
    this.unreadablePids = options?.unreadablePids ?? 0;
  }
}

/** One namespace to read: its label, a proc root whose net/ is that namespace's, and the processes in it. */
export interface NetnsTarget {
  readonly label: NetnsLabel;
  /** Proc root whose net/ files are the namespace's, read through its processes. */
  readonly root: NetnsRoot;
  readonly pids: ReadonlySet<number>;
}

/** A proc root reading a namespace's net/ files, which knows when every process of it has gone. */
export interface NetnsRoot extends ProcRoot {
  /** True once no process of the namespace was left to read through: the namespace ended. */
  vanished(): boolean;
}

/** What a run reads, and what it knows it cannot. */
export interface NetnsPlan {
  readonly targets: readonly NetnsTarget[];
  /** Named namespaces (under /run/netns) that no visible process lives in: they cannot be read. */
  readonly withoutProcess: readonly { readonly name: string; readonly netns: number }[];
  /** Processes whose namespace could not be read (permission): a namespace of theirs may be missing. */
  readonly unreadablePids: number;
}

/** The namespace of every visible process, and how many processes could not be asked. */
export interface NetnsScan {
  /** Namespace inode → its processes in ascending pid order. */
  readonly byNetns: ReadonlyMap<number, readonly number[]>;
  readonly unreadablePids: number;
}

// A process that exits while we look is a normal race, not an error.
const VANISHED = new Set(["ENOENT", "ESRCH", "ENOTDIR"]);

function codeOf(error: unknown): string | undefined {
  return error instanceof ProcReadError ? error.code : undefined;
}

function pidsOf(root: ProcRoot): number[] {
  return root
    .list("")
    .filter((name) => /^[0-9]+$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
}

/** The namespace inode of one process, undefined when it has gone; throws ProcReadError on EACCES. */
export function netnsOfPid(root: ProcRoot, pid: number): number | undefined {
  try {
    return namespaceInodeOfLink(root.readLink(`${pid}/ns/net`));
  } catch (error) {
    const code = codeOf(error);
    if (code !== undefined && VANISHED.has(code)) return undefined;
    throw error;
  }
}

/** Whether a process has gone or is a zombie (state Z or X in /proc/PID/stat). */
function isExiting(root: ProcRoot, pid: number): boolean {
  let stat: string;
  try {
    stat = root.readText(`${pid}/stat`);
  } catch (error) {
    const code = codeOf(error);
    if (code !== undefined && VANISHED.has(code)) return true;
    throw error;
  }
  const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  return state === "Z" || state === "X";
}

/** Reads /proc/PID/ns/net of every process. */
export function scanNetns(root: ProcRoot): NetnsScan {
  const byNetns = new Map<number, number[]>();
  let unreadablePids = 0;
  for (const pid of pidsOf(root)) {
    let netns: number | undefined;
    try {
      netns = netnsOfPid(root, pid);
    } catch (error) {
      if (codeOf(error) === undefined) throw error;
      // An exiting process refuses its namespace link even to root: a race, not a permission.
      if (!isExiting(root, pid)) unreadablePids++;
      continue;
    }
    if (netns === undefined) continue;
    const pids = byNetns.get(netns);
    if (pids === undefined) byNetns.set(netns, [pid]);
    else pids.push(pid);
  }
  return { byNetns, unreadablePids };
}

/** Namespace inode → names, for every namespace file under `dir` (ip netns's /run/netns). */
export function readNetnsNames(dir = NETNS_DIR): ReadonlyMap<number, readonly string[]> {
  const names = new Map<number, string[]>();
  let entries: string[];
  try {
    entries = readdirSync(osPath(dir), { encoding: "latin1" }).sort();
  } catch (error) {
    // No named namespaces on this machine (or none we may list).
    if (["ENOENT", "EACCES", "ENOTDIR"].includes(errnoOf(error))) return names;
    throw new ProcReadError(dir, errnoOf(error), { cause: error });
  }
  for (const name of entries) {
    let inode: number;
    try {
      // `ip netns add` creates the file before it bind-mounts the namespace on it.
      // Names are bytes (model/bytes.ts): a name that is not UTF-8 is still found.
      const file = osPath(`${dir}/${name}`);
      if (Number(statfsSync(file).type) !== NSFS_MAGIC) continue;
      inode = Number(statSync(file).ino);
    } catch {
      // A name being created or deleted by `ip netns` right now, or not ours to see.
      continue;
    }
    const list = names.get(inode);
    if (list === undefined) names.set(inode, [name]);
    else list.push(name);
  }
  return names;
}

/** The container a process's cgroup names, or null (host process, gone, or unreadable cgroup). */
export function containerOfPid(root: ProcRoot, pid: number): ContainerRef | null {
  try {
    return containerOfCgroup(root.readText(`${pid}/cgroup`)) ?? null;
  } catch (error) {
    if (codeOf(error) === undefined) throw error;
    return null;
  }
}

/**
 * A proc root whose `net/...` files are those of a namespace, read through
 * one of its processes (`/proc/PID/net/...`); every other path is unchanged.
 * When that process exits, reads move on to the next process still in the
 * namespace, a normal race. When none is left, files fail with ESRCH, not
 * ENOENT, so that a vanished namespace is never mistaken for a kernel
 * without that protocol.
 */
export function netnsRoot(root: ProcRoot, netns: number, pids: readonly number[]): NetnsRoot {
  let at = 0;
  const map = (relative: string, pid: number): string =>
    relative === "net" || relative.startsWith("net/") || relative === "ns/net" ? `${pid}/${relative}` : relative;
  const guard = <T>(relative: string, read: (mapped: string) => T): T => {
    for (;;) {
      const pid = pids[at];
      const mapped = map(relative, pid ?? 0);
      if (pid === undefined) throw new ProcReadError(root.display(mapped), "ESRCH");
      try {
        return read(mapped);
      } catch (error) {
        const code = codeOf(error);
        if (mapped === relative || code === undefined || !VANISHED.has(code) || netnsOfPid(root, pid) === netns) throw error;
        at++;
      }
    }
  };
  return {
    path: root.path,
    // Another namespace's tables, read through its processes: never the reader's own netlink view.
    ownNetns: false,
    vanished: () => at >= pids.length,
    display: (relative) => root.display(map(relative, pids[at] ?? pids[pids.length - 1] ?? 0)),
    check: (relative) => guard(relative, (m) => root.check(m)),
    readText: (relative) => guard(relative, (m) => root.readText(m)),
    readTable: (relative, maxRecord) => guard(relative, (m) => root.readTable(m, maxRecord)),
    readHead: (relative, max) => guard(relative, (m) => root.readHead(m, max)),
    // The file is opened (and a vanished process skipped) now; its chunks are read later.
    readChunks: (relative, size, maxRecord) => guard(relative, (m) => root.readChunks(m, size, maxRecord)),
    list: (relative) => guard(relative, (m) => root.list(m)),
    readLink: (relative) => guard(relative, (m) => root.readLink(m)),
    // Entered through the namespace file of a process in it: only under this machine's own /proc.
    ...(root.ownNetns ? { enter: (make) => guard("ns/net", (m) => withinNetns(root.display(m), netns, make)) } : {}),
  };
}

function target(root: ProcRoot, netns: number, pids: readonly number[], names: ReadonlyMap<number, readonly string[]>, via: number): NetnsTarget {
  return {
    label: { netns, names: [...(names.get(netns) ?? [])], container: containerOfPid(root, via), pid: via },
    root: netnsRoot(root, netns, [via, ...pids.filter((p) => p !== via)]),
    pids: new Set(pids),
  };
}

/** The nsfs inode of a namespace file (`/run/netns/NAME` or any path), or a NetnsError. */
function inodeOfFile(subject: string, path: string): number {
  let inode: number;
  try {
    inode = Number(statSync(osPath(path)).ino);
  } catch (error) {
    throw new NetnsError(subject, errnoOf(error), { cause: error });
  }
  let type: number | undefined;
  try {
    type = Number(statfsSync(osPath(path)).type);
  } catch {
    // statfs refused (e.g. a protected /proc/PID): the inode lookup below still decides.
  }
  if (type !== undefined && type !== NSFS_MAGIC) throw new NetnsError(subject, "not-netns");
  // Every namespace type lives on nsfs: /proc/self/ns/mnt is a namespace file too, but not a network one.
  const nsType = type === undefined ? undefined : namespaceTypeOf(path);
  if (nsType !== undefined && nsType !== "net") throw new NetnsError(subject, "other-type", { nsType });
  return inode;
}

/** Decides which namespaces to read, or throws NetnsError when a requested one cannot be read. */
export function planNetns(root: ProcRoot, selection: NetnsSelection, netnsDir = NETNS_DIR): NetnsPlan {
  const names = readNetnsNames(netnsDir);
  const scan = scanNetns(root);
  switch (selection.kind) {
    case "all": {
      const targets = [...scan.byNetns]
        .map(([netns, pids]) => target(root, netns, pids, names, pids[0]!))
        .sort((a, b) => a.label.pid - b.label.pid);
      const withoutProcess = [...names]
        .filter(([netns]) => !scan.byNetns.has(netns))
        .flatMap(([netns, list]) => list.map((name) => ({ name, netns })));
      return { targets, withoutProcess, unreadablePids: scan.unreadablePids };
    }
    case "pid": {
      const subject = `of pid ${selection.pid}`;
      let netns: number | undefined;
      try {
        netns = netnsOfPid(root, selection.pid);
      } catch (error) {
        throw new NetnsError(subject, codeOf(error) ?? "EIO", { cause: error });
      }
      if (netns === undefined) throw new NetnsError(subject, "ESRCH");
      const pids = scan.byNetns.get(netns) ?? [selection.pid];
      return { targets: [target(root, netns, pids, names, selection.pid)], withoutProcess: [], unreadablePids: scan.unreadablePids };
    }
    case "name": {
      const path = selection.value.includes("/") ? selection.value : `${netnsDir}/${selection.value}`;
      const netns = inodeOfFile(selection.value, path);
      const pids = scan.byNetns.get(netns);
      if (pids === undefined) {
        const { unreadablePids } = scan;
        throw new NetnsError(selection.value, unreadablePids > 0 ? "no-visible-process" : "no-process", { unreadablePids });
      }
      return { targets: [target(root, netns, pids, names, pids[0]!)], withoutProcess: [], unreadablePids: scan.unreadablePids };
    }
  }
}

/** {@linkcode planNetns} on subscription. */
export function netnsPlan$(root: ProcRoot, selection: NetnsSelection, netnsDir = NETNS_DIR): Observable<NetnsPlan> {
  return defer(() => of(planNetns(root, selection, netnsDir)));
}
