/**
 * `-i` as one pipeline for every format: the interfaces netstat lists (up
 * ones, all with `-a`; one with `-I=IFACE`), in its order, with netstat's
 * warnings and its stop at an interface whose ioctls fail. In another
 * namespace the interfaces come from that namespace's own /sys, found
 * through one of its processes: interface ioctls answer only inside it.
 */
import { defer, from, mergeMap, of, type Observable } from "rxjs";
import type { Diagnostic } from "../model/diagnostic.ts";
import type { Interface } from "../model/interface.ts";
import type { Options } from "../model/options.ts";
import { diagnostic, record, section, type Item } from "../model/pipeline.ts";
import { interfaceListed } from "../select/interfaces.ts";
import { walkInterfaces, type InterfaceWalk } from "../sources/interfaces.ts";
import { namespaceSysfs } from "../sources/netns-sysfs.ts";
import type { ProcRoot } from "../sources/proc-root.ts";

/** Another namespace's interfaces (`--netns*`): its inode and its processes, the one read through first. */
export interface NamespaceInterfaces {
  readonly inode: number;
  readonly pids: readonly number[];
}

/** What one `-i` pass needs. */
export interface InterfacesContext {
  readonly root: ProcRoot;
  /** The /sys tree read when interface ioctls are unavailable. */
  readonly sys: ProcRoot;
  readonly options: Options;
  readonly netns?: NamespaceInterfaces | undefined;
}

/** The /sys that answers for the interfaces: the reader's, the namespace's own, or why there is none. */
function sysOf(ctx: InterfacesContext): ProcRoot | Diagnostic {
  if (ctx.netns === undefined) return ctx.sys;
  const found = namespaceSysfs(ctx.root, ctx.netns.pids);
  if ("sys" in found) return found.sys;
  return { kind: "namespace-interfaces-unreadable", netns: ctx.netns.inode, missing: found.missing, pid: ctx.netns.pids[0] };
}

/** A walk's items: warnings, then the listed interfaces up to the first that fails. */
export function interfaceWalkItems(walk: InterfaceWalk, ctx: InterfacesContext): Item<Interface>[] {
  const { options } = ctx;
  const only = options.interfaceName;
  const items: Item<Interface>[] = [];
  if (ctx.netns !== undefined && options.extend >= 2) items.push(diagnostic({ kind: "namespace-addresses-hidden" }));
  if (walk.devError !== undefined) items.push(diagnostic({ kind: "interfaces-limited", path: ctx.root.display("net/dev"), errno: walk.devError }));
  if (walk.ioctlsUnavailable !== undefined) items.push(diagnostic({ kind: "ioctls-unavailable", why: walk.ioctlsUnavailable }));
  if (only !== undefined && walk.entries.length === 0) return [...items, diagnostic({ kind: "no-such-interface", name: only })];
  items.push(section("interfaces"));
  for (const entry of walk.entries) {
    if (entry.kind === "failure") {
      items.push(diagnostic({ kind: "interface-failed", name: entry.name, errno: entry.errno }));
      break;
    }
    if (interfaceListed(entry.value, options.all)) items.push(record(entry.value));
  }
  return items;
}

/** One `-i` pass. */
export function interfaceItems$(ctx: InterfacesContext): Observable<Item<Interface>> {
  return defer(() => {
    const sys = sysOf(ctx);
    if (!("readText" in sys)) return of(diagnostic<Interface>(sys));
    return from(walkInterfaces(ctx.root, sys, ctx.options.interfaceName, ctx.netns === undefined)).pipe(mergeMap((walk) => from(interfaceWalkItems(walk, ctx))));
  });
}

/** Whether a namespace's items say that the interface `-I` named is not there. */
export function interfaceAbsent(items: readonly Item<Interface>[]): boolean {
  return items.some((i) => i.kind === "diagnostic" && i.diagnostic.kind === "no-such-interface");
}
