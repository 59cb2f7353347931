/**
 * `--filter EXPR` on the command line: the expression read once the protocol and family
 * flags are known (they decide which services a port name is looked up in, and the family
 * in force), turned into one sentence when it cannot be read, and joined to the other
 * filters (its leading state words meet `--state`'s by AND).
 */
import { messageSafe } from "../format/terminal-safe.ts";
import { canonicalState, listingForStates, type Filters } from "../model/filters.ts";
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

/** The filters with the expression's (its states beside `--state`'s: a socket must be in both). */
export function withFilter(filters: Filters, filter: SsFilter): Filters {
  const { states } = filter;
  return { ...filters, ss: filter, ...(states === undefined ? {} : { ssStates: [...states] }) };
}

/** The states that choose between servers and connections: `--state`'s, the expression's, or those in both. */
export function choosingStates(filters: Filters): readonly string[] | undefined {
  const { states, ssStates } = filters;
  if (states === undefined || ssStates === undefined) return states ?? ssStates;
  const named = new Set(states.map(canonicalState));
  return ssStates.filter((s) => named.has(s));
}

/**
 * `-a` and `-l`, unless a state filter chooses servers and connections itself, as ss's does. To
 * ss an unconnected unix socket that is no server is `closed` too: --filter's `closed` with the
 * unix table then lists connections as well.
 */
export function listingOf(filters: Filters, count: (key: string) => number, sel: Selection, prometheus: boolean): { readonly all: boolean; readonly listening: boolean } {
  const states = choosingStates(filters);
  // The exposition covers servers and connections unless -l asks for servers alone: a connection's direction is told by the listeners beside it.
  if (states === undefined) return { all: count("a") > 0 || (prometheus && count("l") === 0), listening: count("l") > 0 };
  const listing = listingForStates(states);
  const unixClosed = filters.ssStates?.includes("CLOSE") === true && (sel.unix || !sel.any);
  return listing.listening && unixClosed ? { all: true, listening: false } : listing;
}
