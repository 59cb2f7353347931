/** What netstat's `-i` lists, as a pure predicate. */
import type { Interface } from "../model/interface.ts";
import { IFF } from "../model/interface.ts";

/** Whether netstat lists an interface: an up one, or any with `-a`. */
export function interfaceListed(i: Interface, all: boolean): boolean {
  return all || (i.flags & IFF.UP) !== 0;
}
