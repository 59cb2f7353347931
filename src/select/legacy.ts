/** What netstat lists of the legacy families, as a pure predicate. */
import type { X25Socket } from "../model/legacy.ts";

/** netstat hides X.25 sockets without a circuit (LCI 0) unless -a. */
export function x25Listed(s: X25Socket, all: boolean): boolean {
  return all || s.lci !== 0;
}
