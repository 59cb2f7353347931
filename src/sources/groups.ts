/**
 * Multicast memberships under a proc root, as an observable: reads one
 * file through netstat's group reader, threading the reader state.
 */
import { defer, of, type Observable } from "rxjs";
import { readGroups, type GroupRead, type GroupReaderState } from "../proc/net-igmp.ts";
import type { ProcRoot } from "./proc-root.ts";

/** The two membership files, IPv4 first as netstat reads them. */
export const GROUP_FILES = { inet: "net/igmp", inet6: "net/igmp6" } as const;

/** Reads one membership file starting from `state`; errors with ProcReadError when unreadable. */
export function groups$(root: ProcRoot, family: keyof typeof GROUP_FILES, state: GroupReaderState): Observable<GroupRead> {
  return defer(() => of(readGroups(root.readText(GROUP_FILES[family]), state)));
}
