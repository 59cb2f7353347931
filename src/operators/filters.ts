/**
 * The socket filters as RxJS operators: each keeps the sockets whose facts
 * match one criterion (any of its values), and `matchingFilters` chains the
 * ones asked for. `filtersMatch` is the same rule as a plain predicate.
 */
import { filter, identity, type MonoTypeOperatorFunction } from "rxjs";
import { canonicalState, coversEveryState, type Filters } from "../model/filters.ts";

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

type Test = (facts: SocketFacts) => boolean;

function stateTest(states: readonly string[]): Test {
  // Every state (`all`) keeps the sockets netstat shows without one, too.
  if (coversEveryState(states)) return () => true;
  const wanted = new Set(states.map(canonicalState));
  return (f) => f.state !== null && wanted.has(f.state);
}
const portTest = (ports: readonly number[]): Test => (f) => ports.some((p) => f.localPort === p || f.foreignPort === p);
const sportTest = (ports: readonly number[]): Test => (f) => f.localPort !== null && ports.includes(f.localPort);
const dportTest = (ports: readonly number[]): Test => (f) => f.foreignPort !== null && ports.includes(f.foreignPort);
const pidTest = (pids: readonly number[]): Test => (f) => f.pid !== null && pids.includes(f.pid);
const uidTest = (uids: readonly number[]): Test => (f) => f.uid !== null && uids.includes(f.uid);
const programTest = (programs: readonly string[]): Test => (f) => f.program !== null && programs.includes(f.program);

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

/** The tests of the requested filters; `uids` is `--user` already resolved to numbers. */
function tests(filters: Filters, uids: readonly number[] | undefined): Test[] {
  const all: Test[] = [];
  if (filters.states !== undefined) all.push(stateTest(filters.states));
  if (filters.port !== undefined) all.push(portTest(filters.port));
  if (filters.sport !== undefined) all.push(sportTest(filters.sport));
  if (filters.dport !== undefined) all.push(dportTest(filters.dport));
  if (filters.pid !== undefined) all.push(pidTest(filters.pid));
  if (uids !== undefined) all.push(uidTest(uids));
  if (filters.program !== undefined) all.push(programTest(filters.program));
  return all;
}

/** Whether facts match every requested filter (each by any of its values), or undefined when none is requested. */
export function filtersMatch(filters: Filters, uids: readonly number[] | undefined): ((facts: SocketFacts) => boolean) | undefined {
  const all = tests(filters, uids);
  if (all.length === 0) return undefined;
  return (f) => all.every((t) => t(f));
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
