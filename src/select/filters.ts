/**
 * The socket filters (`--state`, `--port`, `--sport`, `--dport`, `--pid`,
 * `--user`, `--program`) as pure predicates over a socket's facts: each
 * criterion matches by any of its values, and every criterion asked for
 * must match.
 */
import { canonicalState, coversEveryState, type Filters } from "../model/filters.ts";

/** What the filters look at, whatever the socket kind; null where a kind has no such thing. */
export interface SocketFacts {
  /** The state as a filter compares it (see canonicalState); null when netstat shows none. */
  readonly state: string | null;
  /**
   * The state as ss reads it, in TCP's names: a unix socket unconnected is CLOSE, connecting
   * SYN_SENT, connected ESTABLISHED, disconnecting CLOSING; other sockets' state as `state`.
   */
  readonly ssState: string | null;
  readonly localPort: number | null;
  readonly foreignPort: number | null;
  readonly uid: number | null;
  /** The owner, when processes were looked up and one was found. */
  readonly pid: number | null;
  readonly program: string | null;
}

/** One criterion as a predicate over facts. */
export type Test = (facts: SocketFacts) => boolean;

/** Sockets in one of `states` (any case, netstat's or ss's names; LISTEN and LISTENING are one). */
export function stateTest(states: readonly string[]): Test {
  // Every state (`all`) keeps the sockets netstat shows without one, too.
  if (coversEveryState(states)) return () => true;
  const wanted = new Set(states.map(canonicalState));
  return (f) => f.state !== null && wanted.has(f.state);
}
/** Sockets whose state as ss reads it is one of `states` (TCP's names, as `--filter`'s state words leave them). */
export function ssStateTest(states: readonly string[]): Test {
  if (coversEveryState(states)) return () => true;
  const wanted = new Set(states);
  return (f) => f.ssState !== null && wanted.has(f.ssState);
}
/** One of `ports` at either end; `sportTest` locally, `dportTest` at the foreign end. */
export const portTest = (ports: readonly number[]): Test => (f) => ports.some((p) => f.localPort === p || f.foreignPort === p);
export const sportTest = (ports: readonly number[]): Test => (f) => f.localPort !== null && ports.includes(f.localPort);
export const dportTest = (ports: readonly number[]): Test => (f) => f.foreignPort !== null && ports.includes(f.foreignPort);
/** Held by one of `pids`, of one of `uids`, held by a program named exactly one of `programs`. */
export const pidTest = (pids: readonly number[]): Test => (f) => f.pid !== null && pids.includes(f.pid);
export const uidTest = (uids: readonly number[]): Test => (f) => f.uid !== null && uids.includes(f.uid);
export const programTest = (programs: readonly string[]): Test => (f) => f.program !== null && programs.includes(f.program);

/** The tests of the requested filters; `uids` is `--user` already resolved to numbers. */
function tests(filters: Filters, uids: readonly number[] | undefined): Test[] {
  const all: Test[] = [];
  if (filters.states !== undefined) all.push(stateTest(filters.states));
  if (filters.ssStates !== undefined) all.push(ssStateTest(filters.ssStates));
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
