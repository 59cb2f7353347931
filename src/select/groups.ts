/** What netstat's `-g` looks up by name, as a pure function. */
import type { Group } from "../model/group.ts";
import { wantsHostLookup } from "./hosts.ts";

/** Group addresses netstat would look up by name. */
export function groupHostLookups(groups: readonly Group[], numeric: boolean): Set<string> {
  const wanted = new Set<string>();
  if (numeric) return wanted;
  for (const g of groups) if (wantsHostLookup(g.address, g.family)) wanted.add(g.address);
  return wanted;
}
