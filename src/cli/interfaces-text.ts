/**
 * netstat's `-i` in text mode: the title once per run, the short header
 * every pass, one row or block per listed interface, and netstat's exit on
 * an interface whose ioctls fail. `-I=IFACE` limits the list to one name.
 */
import { defer, from, mergeMap, type Observable } from "rxjs";
import type { Options } from "../model/options.ts";
import {
  INTERFACES_HEADER,
  INTERFACES_TITLE,
  interfaceBlock,
  interfaceListed,
  interfaceRow,
} from "../format/netstat-interfaces.ts";
import { interfaces$ } from "../sources/interfaces.ts";
import { namespaceSysfs } from "../sources/netns-sysfs.ts";
import type { ProcRoot } from "../sources/proc-root.ts";
import { err, out, status, type Output } from "./output.ts";
import { strerror } from "./strerror.ts";

/** `-I=NAME` named no interface; `-Ip` is the usual slip (a flag after -I), so the message says how -I reads its word. */
export function noSuchInterface(name: string): string {
  return `netstat-stream: ${name}: no such interface (-I takes the rest of its word as the name, as in -Ieth0)\n`;
}

/** What one `-i` pass needs. */
export interface InterfacesContext {
  readonly root: ProcRoot;
  /** The /sys tree read when interface ioctls are unavailable. */
  readonly sys: ProcRoot;
  readonly options: Options;
  /** True on the first pass of a run, when netstat prints its title. */
  readonly first: boolean;
  /** Another namespace's interfaces (`--netns*`). */
  readonly netns?: NamespaceInterfaces;
}

/** Another namespace's interfaces (`--netns*`): its inode and its processes, the one read through first. */
export interface NamespaceInterfaces {
  readonly inode: number;
  readonly pids: readonly number[];
}

/** The /sys that answers for the interfaces: the reader's, the namespace's own, or a one-sentence failure. */
export function interfacesSys(
  root: ProcRoot,
  sys: ProcRoot,
  netns: NamespaceInterfaces | undefined,
): { readonly sys: ProcRoot } | { readonly failure: readonly Output[] } {
  if (netns === undefined) return { sys };
  const found = namespaceSysfs(root, netns.pids);
  if ("sys" in found) return found;
  const why = `${found.missing}, and interface ioctls answer only inside it`;
  const fix = `run \`nsenter -t ${netns.pids[0] ?? "PID"} -n netstat-stream -i\` instead`;
  return { failure: [err(`netstat-stream: Cannot show the interfaces of network namespace ${netns.inode}: ${why}; ${fix}\n`), status(1)] };
}

const ERRNO_TEXT: Readonly<Record<string, string>> = { ENODEV: "No such device", EOPNOTSUPP: "Operation not supported" };

function errnoText(code: string): string {
  return ERRNO_TEXT[code] ?? strerror(code);
}

/** One `-i` pass. */
export function interfaces$Text(ctx: InterfacesContext): Observable<Output> {
  return defer(() => {
    const { options } = ctx;
    const long = options.extend >= 2;
    const only = options.interfaceName;
    const chosen = interfacesSys(ctx.root, ctx.sys, ctx.netns);
    if ("failure" in chosen) return from(chosen.failure);
    return interfaces$(ctx.root, chosen.sys, only, ctx.netns === undefined).pipe(
      mergeMap((walk) => {
        const outputs: Output[] = [];
        if (ctx.netns !== undefined && long) {
          outputs.push(err("netstat-stream: IPv4 addresses and alias labels of another network namespace are not shown: only ioctls inside it tell them\n"));
        }
        if (walk.devError !== undefined) {
          outputs.push(err(`Warning: cannot open ${ctx.root.display("net/dev")} (${strerror(walk.devError)}). Limited output.\n`));
        }
        if (walk.ioctlsUnavailable !== undefined) {
          outputs.push(
            err(`netstat-stream: interface ioctls are unavailable (${walk.ioctlsUnavailable}); using /sys, without IPv4 addresses or alias labels\n`),
          );
        }
        if (only !== undefined && walk.entries.length === 0) {
          return from([...outputs, err(noSuchInterface(only)), status(1)]);
        }
        if (ctx.first) outputs.push(out(INTERFACES_TITLE));
        if (!long) outputs.push(out(INTERFACES_HEADER));
        let text = "";
        for (const entry of walk.entries) {
          if (entry.kind === "failure") {
            outputs.push(out(text));
            text = "";
            const why = entry.errno === "ENODEV" ? "Device not found" : errnoText(entry.errno);
            outputs.push(
              err(`${entry.name}: error fetching interface information: ${why}\n`),
              err(`missing interface information: ${errnoText(entry.errno)}\n`),
              status(1),
            );
            return from(outputs);
          }
          if (!interfaceListed(entry.value, options.all)) continue;
          text += long ? interfaceBlock(entry.value) : interfaceRow(entry.value);
        }
        outputs.push(out(text));
        return from(outputs);
      }),
    );
  });
}
