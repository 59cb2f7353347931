/**
 * The sockets pipeline of one proc root: read, parse and select lazily
 * (src/pipeline/socket-tables.ts), then name each chunk's hosts before it
 * goes on. Every format consumes this one stream: netstat text, NDJSON,
 * tables and `--watch`.
 */
import type { Observable } from "rxjs";
import type { ProcRoot } from "../sources/proc-root.ts";
import type { NameResolver } from "../resolve/names.ts";
import { hostsOf, namesKnown, type HostAddress } from "../operators/names.ts";
import { inTurn } from "../operators/in-turn.ts";
import { socketItems, type ReadingPlan, type SocketItem, type SocketSection } from "./socket-tables.ts";

/** How a pipeline names hosts: whether a section's rows show hosts as numbers (then none is looked up). */
export interface NamingPlan {
  readonly resolver: NameResolver;
  readonly numeric: (section: SocketSection) => boolean;
}

/** The addresses of an item whose names its rows will show. */
function addressesOf(naming: NamingPlan): (item: SocketItem) => Iterable<HostAddress> {
  return function* (item) {
    if (item.kind !== "sockets" || naming.numeric(item.section)) return;
    for (const socket of item.sockets) yield* hostsOf(socket);
  };
}

/**
 * The items of one reading, each chunk of sockets emitted once its host names are known; the
 * next chunk is read only after the last one went on, so memory follows the chunk, not the table.
 */
export function sockets$(root: ProcRoot, plan: ReadingPlan, naming: NamingPlan): Observable<SocketItem> {
  return inTurn(() => socketItems(root, plan), namesKnown(naming.resolver, addressesOf(naming)));
}
