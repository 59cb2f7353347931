/**
 * The socket filters as RxJS operators over any item with facts: each keeps
 * the items that match one criterion (any of its values), and
 * `matchingFilters` chains the ones asked for. The predicates live in
 * src/select/filters.ts.
 */
import { filter, identity, type MonoTypeOperatorFunction } from "rxjs";
import type { Filters } from "../model/filters.ts";
import { dportTest, filtersMatch, pidTest, portTest, programTest, sportTest, stateTest, uidTest, type SocketFacts, type Test } from "../select/filters.ts";

/** Extracts the facts of one item. */
export type FactsOf<T> = (item: T) => SocketFacts;

const keep = <T>(test: Test, facts: FactsOf<T>): MonoTypeOperatorFunction<T> => filter((item) => test(facts(item)));

/** Keeps sockets in one of `states` (names in any case, netstat's or ss's; LISTEN and LISTENING are one). */
export function inStates<T>(states: readonly string[], facts: FactsOf<T>): MonoTypeOperatorFunction<T> {
  return keep(stateTest(states), facts);
}

/** Keeps sockets with one of `ports` at either end. */
export function onPort<T>(ports: readonly number[], facts: FactsOf<T>): MonoTypeOperatorFunction<T> {
  return keep(portTest(ports), facts);
}

/** Keeps sockets whose local (source) port is one of `ports`. */
export function fromPort<T>(ports: readonly number[], facts: FactsOf<T>): MonoTypeOperatorFunction<T> {
  return keep(sportTest(ports), facts);
}

/** Keeps sockets whose foreign (destination) port is one of `ports`. */
export function toPort<T>(ports: readonly number[], facts: FactsOf<T>): MonoTypeOperatorFunction<T> {
  return keep(dportTest(ports), facts);
}

/** Keeps sockets owned by one of the processes `pids`. */
export function ownedByPid<T>(pids: readonly number[], facts: FactsOf<T>): MonoTypeOperatorFunction<T> {
  return keep(pidTest(pids), facts);
}

/** Keeps sockets of one of the users `uids`. */
export function ownedByUid<T>(uids: readonly number[], facts: FactsOf<T>): MonoTypeOperatorFunction<T> {
  return keep(uidTest(uids), facts);
}

/** Keeps sockets whose owning program is named exactly one of `programs`. */
export function ownedByProgram<T>(programs: readonly string[], facts: FactsOf<T>): MonoTypeOperatorFunction<T> {
  return keep(programTest(programs), facts);
}

/** All requested filters, in one operator: every filter must match, each by any of its values. */
export function matchingFilters<T>(
  filters: Filters,
  uids: readonly number[] | undefined,
  facts: FactsOf<T>,
): MonoTypeOperatorFunction<T> {
  const match = filtersMatch(filters, uids);
  return match === undefined ? identity : keep(match, facts);
}
