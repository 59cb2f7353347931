/**
 * `--filter EXPR` on the command line: the expression read once the protocol and family
 * flags are known (they decide which services a port name is looked up in, and the family
 * in force), turned into one sentence when it cannot be read, and joined to the other
 * filters (its leading state words meet `--state`'s by AND).
 */
import { messageSafe } from "../format/terminal-safe.ts";
import type { Filters } from "../model/filters.ts";
import type { Selection } from "../model/options.ts";
import type { SsFilter } from "../model/ss-filter.ts";
import { parseSsFilter, SsFilterError } from "../select/ss-filter-parse.ts";
import { protocolSelected } from "../select/sockets.ts";
import type { FilterLookups } from "./filter-lookups.ts";

/** Lookups that find nothing, for a parser given no system. */
export const NO_LOOKUPS: FilterLookups = {
  servicePort: () => undefined,
  hostAddresses: () => [],
  interfaceIndex: () => undefined,
  ephemeral: () => [1024, 4999],
  rawDiag: () => false,
  kernelAutobound: () => undefined,
};

/** The expression read, or the sentence saying which word is wrong. */
export function readFilter(text: string, sel: Selection, procRoot: string, lookups: FilterLookups): { readonly filter: SsFilter } | { readonly problem: string } {
  try {
    const filter = parseSsFilter(text, {
      ...lookups,
      ephemeral: () => lookups.ephemeral(procRoot),
      protocols: { tcp: protocolSelected(sel, "tcp"), udp: protocolSelected(sel, "udp") },
      family: sel.families === "inet" ? "inet" : sel.families === "inet6" ? "inet6" : undefined,
    });
    return { filter };
  } catch (e) {
    if (e instanceof SsFilterError) return { problem: `Invalid --filter value '${messageSafe(text)}': ${messageSafe(e.message)}` };
    throw e;
  }
}

/** The filters with the expression's: its states are kept where `--state` names them too. */
export function withFilter(filters: Filters, filter: SsFilter): Filters {
  const { states } = filter;
  if (states === undefined) return { ...filters, ss: filter };
  const both = filters.states === undefined ? states : states.filter((s) => filters.states!.includes(s));
  return { ...filters, ss: filter, states: [...both] };
}
