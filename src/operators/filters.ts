/**
 * The socket filters as RxJS operators: each keeps the sockets whose facts
 * match one criterion, and `matchingFilters` chains the ones asked for.
 */
import { filter, identity, pipe, type MonoTypeOperatorFunction } from "rxjs";
import { canonicalState, type Filters } from "../model/filters.ts";

/** What the filters look at, whatever the socket kind; null where a kind has no such thing. */
export interface SocketFacts {
  /** The state as a filter compares it (see canonicalState); null when netstat shows none. */
  readonly state: string | null;
  readonly localPort: number | null;
  readonly foreignPort: number | null;
  readonly uid: number | null;
  /** The owner, when processes were looked up and one was found. */
  readonly pid: number | null;
  readonly program: string | null;
}

/** Extracts the facts of one item. */
export type FactsOf<T> = (item: T) => SocketFacts;

/** Keeps sockets in one of `states` (names in any case; LISTEN and LISTENING are one). */
export function inStates<T>(states: readonly string[], facts: FactsOf<T>): MonoTypeOperatorFunction<T> {
  const wanted = new Set(states.map(canonicalState));
  return filter((item) => {
    const state = facts(item).state;
    return state !== null && wanted.has(state);
  });
}

/** Keeps sockets with `port` at either end. */
export function onPort<T>(port: number, facts: FactsOf<T>): MonoTypeOperatorFunction<T> {
  return filter((item) => {
    const f = facts(item);
    return f.localPort === port || f.foreignPort === port;
  });
}

/** Keeps sockets whose local (source) port is `port`. */
export function fromPort<T>(port: number, facts: FactsOf<T>): MonoTypeOperatorFunction<T> {
  return filter((item) => facts(item).localPort === port);
}

/** Keeps sockets whose foreign (destination) port is `port`. */
export function toPort<T>(port: number, facts: FactsOf<T>): MonoTypeOperatorFunction<T> {
  return filter((item) => facts(item).foreignPort === port);
}

/** Keeps sockets owned by process `pid`. */
export function ownedByPid<T>(pid: number, facts: FactsOf<T>): MonoTypeOperatorFunction<T> {
  return filter((item) => facts(item).pid === pid);
}

/** Keeps sockets of user `uid`. */
export function ownedByUid<T>(uid: number, facts: FactsOf<T>): MonoTypeOperatorFunction<T> {
  return filter((item) => facts(item).uid === uid);
}

/** Keeps sockets whose owning program is named exactly `program`. */
export function ownedByProgram<T>(program: string, facts: FactsOf<T>): MonoTypeOperatorFunction<T> {
  return filter((item) => facts(item).program === program);
}

/** All requested filters, in one operator. `uid` is `--user` already resolved to a number. */
export function matchingFilters<T>(
  filters: Filters,
  uid: number | undefined,
  facts: FactsOf<T>,
): MonoTypeOperatorFunction<T> {
  const steps: MonoTypeOperatorFunction<T>[] = [];
  if (filters.states !== undefined) steps.push(inStates(filters.states, facts));
  if (filters.port !== undefined) steps.push(onPort(filters.port, facts));
  if (filters.sport !== undefined) steps.push(fromPort(filters.sport, facts));
  if (filters.dport !== undefined) steps.push(toPort(filters.dport, facts));
  if (filters.pid !== undefined) steps.push(ownedByPid(filters.pid, facts));
  if (uid !== undefined) steps.push(ownedByUid(uid, facts));
  if (filters.program !== undefined) steps.push(ownedByProgram(filters.program, facts));
  return steps.reduce<MonoTypeOperatorFunction<T>>((acc, step) => pipe(acc, step), identity);
}
