/**
 * What `--top`'s `/` key makes of the text typed: an ss filter expression when it reads as one
 * (as `--filter` reads it, cli/filter-args.ts), over the connections a row stands for (a
 * connection's own socket, or a group's live ones); otherwise a substring of the row.
 */
import type { TopFilterCompiler, TopFilterConnection, TopPredicate } from "../format/top-view.ts";
import { substringFilter } from "../format/top-view.ts";
import type { Options } from "../model/options.ts";
import type { SsFilter } from "../model/ss-filter.ts";
import { socketFacts } from "../select/facts.ts";
import { ssStateTest } from "../select/filters.ts";
import { ssFilterTest } from "../select/ss-filter.ts";
import { readFilter } from "./filter-args.ts";
import type { FilterLookups } from "./filter-lookups.ts";

/** Whether one connection passes the expression: its state words, then the rest as ss runs it. */
function connectionTest(filter: SsFilter): (c: TopFilterConnection) => boolean {
  const expression = ssFilterTest(filter);
  const states = filter.states === undefined ? undefined : ssStateTest(filter.states);
  return ({ socket }) => socket !== undefined && (states === undefined || states(socketFacts(socket, () => undefined))) && expression(socket);
}

/** The compiler of `/`'s text for a run with these options. */
export function topFilterCompiler(options: Pick<Options, "selection" | "procRoot">, lookups: FilterLookups): TopFilterCompiler {
  return (text) => {
    const read = readFilter(text, options.selection, options.procRoot, lookups);
    if (!("filter" in read)) return substringFilter(text);
    const test = connectionTest(read.filter);
    const predicate: TopPredicate = (row) => row.connections().some(test);
    return predicate;
  };
}
